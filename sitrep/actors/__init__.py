"""Actors: ACLED-style names for who acts and who is acted upon."""
from .dictionary import ActorDictionary, ActorMention
from .roles import Roles, assign_roles, counterpart_from, interaction

__all__ = ["ActorDictionary", "ActorMention", "Roles", "assign_roles", "counterpart_from", "interaction"]
