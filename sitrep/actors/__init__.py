"""Actors: ACLED-style names for who acts and who is acted upon."""
from .dictionary import ActorDictionary, ActorMention
from .roles import Roles, assign_roles, counterpart_from, default_counterpart, interaction, same_side

__all__ = ["ActorDictionary", "ActorMention", "Roles", "assign_roles", "counterpart_from", "default_counterpart", "same_side",
           "interaction"]
