"""Who acts on whom: actor1/actor2 and their associates for one event mention, and the interaction code."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..pos import coarse_pos
from .dictionary import ActorMention

_CIVILIAN_KINDS = ("civilians", "identity")
_STATE_KINDS = ("military", "police")
_PROTEST_SUBS = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")
_RIOT_SUBS = ("Violent demonstration", "Mob violence")
_BATTLE_SUBS = ("Armed clash", "Government regains territory", "Non-state actor overtakes territory")
_VAC_SUBS = ("Sexual violence", "Attack", "Abduction/forced disappearance")
_EXPLOSION_SUBS = ("Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                   "Remote explosive/landmine/IED", "Grenade")

# One-sided attacks: ACLED names a perpetrator even when the report does not ("Unidentified Armed Group (X)"),
# and every demonstration has its crowd ("Protesters (X)") whether or not the report names it.
_ONE_SIDED_SUBS = ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade") + _VAC_SUBS
_IMPLIED = {**{s: ("protesters", 6) for s in _PROTEST_SUBS}, **{s: ("rioters", 5) for s in _RIOT_SUBS},
            **{s: ("armed", 3) for s in _ONE_SIDED_SUBS}}
# Devices that state forces meet rather than plant: "a convoy struck an IED", "a soldier stepped on a mine".
_PLANTED_SUBS = ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade")
_HIT_BY_DEVICE = re.compile(
    r"[\s,]*(?:[\w'’-]+\s+){0,3}?(?:struck|hit|ran over|drove over|stepped on|triggered)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}?(?:IED|IEDs|mine|landmine|explosive|explosives|bomb|device)\b", re.I)
_NON_STATE_INTERS = (2, 3, 4)
_REPELLED = re.compile(r"\b(?:repelled|repulsed|repel|repulse|repels|repulses|fended off|beat back)\s+(?:an?\s+|the\s+|their\s+|its\s+)?"
                       r"(?:[\w'’-]+\s+){0,2}?(?:attacks?|assaults?|offensives?|raids?|advances?)\b", re.I)
_ALONGSIDE = re.compile(r"(?:\s+\([^)]{0,30}\)|\s+(?:forces|troops|soldiers|fighters|personnel|militants|members|units|"
                        r"militiamen|police|officers|auxiliaries))*\s*(?:,|,?\s+and|,?\s+along with|,?\s+together with)"
                        r"\s+(?:the\s+)?", re.I)

# Words after which the next actor is the one acted upon.
_TARGET_CUE = re.compile(
    r"(?:\b(?:on|against|at(?!\s+(?:least|most)\b)|targeted|targeting|targets|attacked|attacking|attacks|hit|hitting|struck|striking|killed|killing|kills|"
    r"ambushed|ambushing|kidnapped|kidnapping|abducted|abducting|arrested|arresting|detained|detaining|shelled|shelling|bombed|"
    r"bombing|raided|raiding|stormed|storming|clashed with|clashes with|clashing with|fought|fighting|battled|battling|"
    r"engaged|repelled|repulsed|dispersed|dispersing|fired on|fired at|opened fire on|seized from|captured from|retook from|"
    r"wounded|wounding|injured|injuring|executed|shot|shooting|beat|beating|assaulted|raped|tortured|massacred|"
    r"between)\s+(?:[\w'’-]+\s+){0,3})$", re.I)
_AGENT_CUE = re.compile(r"\bby\s+(?:[\w'’-]+\s+){0,2}$", re.I)
_BACKER_CUE = re.compile(r"\b(?:backed|supported|aided|assisted|helped)\s+by\s+(?:[\w'’-]+\s+){0,2}$", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|got|get)\s+(?:\w+ly\s+)?$", re.I)
# A subject that sits inside a prepositional phrase is not the subject.
_IN_PP = re.compile(r"\b(?:of|in|on|at|for|from|to|near|against|with|into|toward|towards|among|between|amid|by)\s+"
                    r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)


@dataclass
class Roles:
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc1: list[ActorMention] = field(default_factory=list)
    assoc2: list[ActorMention] = field(default_factory=list)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: 10*min+max for two actors, 10*inter1 for one; None without actors."""
    a = inter1 or 0
    b = inter2 or 0
    if not a and not b:
        return None
    if not a or not b:
        return 10 * (a or b)
    return 10 * min(a, b) + max(a, b)


def assign_roles(text: str, window: tuple[int, int], trigger: tuple[int, int], mentions: list[ActorMention],
                 sub_event_type: str, doc=None, context: list[ActorMention] | None = None,
                 namer: Callable[[str], str] | None = None) -> Roles:
    """Pick actor1 (who acts), actor2 (acted upon) and associates among the mentions in ``window``.

    Reads the agent ("carried out by X", "X fired"), the target ("attack on Y", "targeted Y") and
    passive voice from the dependency parse when a spaCy ``doc`` of ``text`` is given, else from
    word order. Then ACLED's rules: civilians are always actor2; protesters and rioters are actor1
    of protests and riots; state forces are actor1 of arrests; backers ("backed by Russian jets")
    and identity groups ("health workers") become associates.

    ``context``: mentions from the sentence(s) before. When the window names no actor at all ("Another
    device went off an hour later."), the roles of that context stand in for it.

    ``namer``: ACLED's generic name for a kind ("protesters" -> "Protesters (Kenya)"). With it, a
    demonstration whose crowd the text does not name ("PTI supporters rallied") gets its Protesters or
    Rioters, and a one-sided attack without a named perpetrator gets the Unidentified Armed Group, as
    ACLED codes them; that actor's evidence is the trigger, the words that imply it.
    """
    roles = _assign(text, window, trigger, mentions, sub_event_type, doc)
    if roles.actor1 is None and roles.actor2 is None and context:
        starts = [m.start for m in context]
        span = (min(starts), max(m.end for m in context))
        inherited = _assign(text, span, (span[1], span[1]), context, sub_event_type, None)
        inherited.assoc1 = roles.assoc1 + [m for m in inherited.assoc1 if m not in roles.assoc1]
        roles = inherited
    if sub_event_type in _VAC_SUBS and roles.actor2 is not None and roles.actor2.kind in _STATE_KINDS:
        # Violence against civilians has civilians as its target, off-duty soldiers and police included;
        # forces the report names only as the target ("killed during a police raid") did it.
        if roles.actor1 is None:
            roles.actor1 = roles.actor2
        roles.actor2 = None
    if sub_event_type == "Looting/property destruction" and roles.actor1 is not None and _is_state(roles.actor1) \
            and roles.actor2 is not None and roles.actor2.kind in _CIVILIAN_KINDS and _DRUGS.search(text, *window):
        # "Police seized cocaine and arrested a man": the man is a suspect, the goods a gang's (see default_counterpart)
        roles.actor2 = None
    if roles.actor1 is None and namer is not None and sub_event_type in _IMPLIED:
        kind, inter = _IMPLIED[sub_event_type]
        roles.actor1 = ActorMention(trigger[0], trigger[1], text[trigger[0]:trigger[1]], namer(kind), inter, None,
                                    True, True, kind)
    return roles


def _assign(text: str, window: tuple[int, int], trigger: tuple[int, int], mentions: list[ActorMention],
            sub_event_type: str, doc) -> Roles:
    ws, we = window
    ms = _unique([m for m in mentions if ws <= m.start and m.end <= we])
    backers = [m for m in ms if m.backer or _BACKER_CUE.search(text[max(ws, m.start - 40):m.start])]
    # "The UN office condemns the attack by X": who condemns an act is no side of it (the army that "said it
    # repelled" an attack still is).
    main = [m for m in ms if m not in backers and not _CONDEMNS_AFTER.match(text, m.end)]
    roles = Roles(assoc1=_unique_names(backers))

    agent, target, passive_subject = _from_word_order(text, ws, main, trigger)
    if doc is not None:
        # The parse wins where it finds a slot; word order fills the rest.
        p_agent, p_target, p_passive = _from_parse(doc, main, trigger)
        agent, target, passive_subject = p_agent or agent, p_target or target, p_passive or passive_subject
        if target is not None and agent is not None and target.name == agent.name:
            target = None

    if sub_event_type in _PROTEST_SUBS or sub_event_type in _RIOT_SUBS:
        return _crowd_roles(roles, main, sub_event_type, target)

    actor1 = agent
    actor2 = target or passive_subject
    if actor1 is None:
        actor1 = _subject(text, ws, main, trigger, exclude=actor2)
    if sub_event_type == "Arrests":
        state = [m for m in main if m.kind in _STATE_KINDS]
        if state and (actor1 is None or actor1.kind not in _STATE_KINDS):
            actor2 = actor2 or (actor1 if actor1 is not None and actor1.kind not in _STATE_KINDS else None)
            actor1 = state[0]
    # Civilians never act.
    if actor1 is not None and actor1.kind in _CIVILIAN_KINDS:
        if actor2 is None or actor2.kind in _CIVILIAN_KINDS:
            actor2 = actor1
        actor1 = None
    if actor1 is None:
        # Not the source who tells of it ("..., a member of the local militia said"): with no agent found,
        # an armed actor named only as the speaker is no side of the act.
        armed = [m for m in main if m.kind not in _CIVILIAN_KINDS and m is not actor2
                 and (actor2 is None or m.name != actor2.name) and not _SPEAKS_AFTER.match(text, m.end)]
        actor1 = armed[0] if armed else None
    if actor2 is None or (actor1 is not None and actor2.name == actor1.name):
        rest = [m for m in main if m is not actor1 and (actor1 is None or m.name != actor1.name)]
        actor2 = (rest or [None])[0]
    if sub_event_type in _BATTLE_SUBS and actor1 is not None and actor2 is not None \
            and actor1.kind not in _CIVILIAN_KINDS and actor2.kind not in _CIVILIAN_KINDS:
        rep = _REPELLED.search(text, ws, we)
        if rep is not None and actor1.start < rep.start():
            # "Afghan forces repulsed a Taliban attack": the side that attacked began the fight (actor1).
            actor1, actor2 = actor2, actor1
    if sub_event_type in _PLANTED_SUBS and actor1 is not None and actor1.inter in (1, 8) and (
            actor2 is not None and actor2.inter in _NON_STATE_INTERS or _HIT_BY_DEVICE.match(text, actor1.end, we)):
        # State forces are the target of a bomb others planted: "IED hit a police van ... the BLA claimed it".
        actor1, actor2 = (actor2 if actor2 is not None and actor2.inter in _NON_STATE_INTERS else None), actor1
    if sub_event_type in _BATTLE_SUBS and actor2 is not None and actor2.kind in _CIVILIAN_KINDS:
        # A battle is fought between armed actors; civilians caught in it are no side, the other armed actor is.
        # Not forces that only speak of it ("the armed forces affirm that ..."): the people who fought the
        # raiders are no organised side, and the statement's own army was not there.
        armed = [m for m in main if m.kind not in _CIVILIAN_KINDS and m is not actor1
                 and (actor1 is None or m.name != actor1.name) and not _SPEAKS_AFTER.match(text, m.end)]
        actor2 = armed[0] if armed else None
    if sub_event_type in _VAC_SUBS:
        civ = [m for m in main if m.kind in _CIVILIAN_KINDS]
        if civ and (actor2 is None or actor2.kind not in _CIVILIAN_KINDS):
            actor2 = civ[0]
    if actor2 is not None and actor2.kind == "identity":
        roles.assoc2.append(actor2)
        actor2 = _as_kind(actor2, "civilians", 7)
    elif sub_event_type in _EXPLOSION_SUBS and actor2 is not None and actor2.kind not in _CIVILIAN_KINDS:
        # A strike on an armed group that also hits civilians: the civilians are its associate.
        roles.assoc2.extend(_unique_names([m for m in main if m.kind == "civilians"])[:1])
    if actor2 is not None and actor2.kind == "civilians":
        roles.assoc2.extend(m for m in main if m.kind == "identity" and m not in roles.assoc2)
    if actor1 is not None and actor2 is not None:
        # "Malian forces and Wagner fighters clashed with JNIM": those named alongside actor1 fight beside it.
        allies = [m for m in main if m.start >= actor1.end and m.name not in (actor1.name, actor2.name)
                  and m.kind not in _CIVILIAN_KINDS and _ALONGSIDE.fullmatch(text[actor1.end:m.start])]
        roles.assoc1 = _unique_names(roles.assoc1 + allies[:1])
    roles.actor1, roles.actor2 = actor1, actor2
    roles.assoc1 = [m for m in roles.assoc1 if actor1 is None or m.name != actor1.name]
    roles.assoc2 = _unique_names([m for m in roles.assoc2 if actor2 is None or m.name != actor2.name])
    return roles


# An actor that only speaks of the act: "The armed forces affirm that ...", "the army said it would".
# The rest of a speaker's title may stand between its name and the verb ("the United Nations Joint Office in
# Haiti condemns").
_SPEAKS_AFTER = re.compile(r"(?:\s+(?-i:[A-Z][\w'’-]*|of|in|for|on|the)){0,6}?"
                           r"\s+(?:(?:also|again|strongly|further|today|once\s+again)\s+)?(?:affirm|assert|announc|stat|declar|"
                           r"reiterat|condemn|warn|vow|pledg|promis|urg|call(?:s|ed)?\s+on|said\b|says\b|added\b|told\b)", re.I)


_CONDEMNS_AFTER = re.compile(_SPEAKS_AFTER.pattern.split("(?:affirm")[0] + r"(?:condemn|deplor|denounc)", re.I)


def counterpart_from(roles: Roles, sub_event_type: str, later: list[ActorMention],
                     text: str | None = None) -> ActorMention | None:
    """actor2 from the sentences that continue the event's story, when its own sentence names none:
    "Protesters marched. Police dispersed them." / "Missiles hit the city. 7 civilians were killed."
    With ``text``, an actor that is only the speaker of a later sentence ("The armed forces affirm that
    these crimes will not go unpunished") is no side of the act: a communique names its own forces so.
    """
    if roles.actor2 is not None or roles.actor1 is None or sub_event_type == "Peaceful protest":
        return None
    cands = [m for m in later if m.name != roles.actor1.name and not m.backer
             and not (text is not None and _SPEAKS_AFTER.match(text, m.end))]
    if sub_event_type in _PROTEST_SUBS or sub_event_type in _RIOT_SUBS:
        pick = [m for m in cands if m.kind in _STATE_KINDS]
        if sub_event_type == "Mob violence":
            pick += [m for m in cands if m.kind in _CIVILIAN_KINDS]
    elif sub_event_type in _BATTLE_SUBS:
        pick = [m for m in cands if m.kind not in _CIVILIAN_KINDS + ("protesters", "rioters")]
    elif sub_event_type in _VAC_SUBS:
        pick = [m for m in cands if m.kind in _CIVILIAN_KINDS]
    elif sub_event_type in _EXPLOSION_SUBS:
        pick = [m for m in cands if m.kind not in ("protesters", "rioters")]
    else:
        return None
    if not pick:
        return None
    return _as_kind(pick[0], "civilians", 7) if pick[0].kind == "identity" else pick[0]


# ACLED's definitions name the side a report may leave unnamed: violence against civilians always has
# civilians as its target, and a battle is fought between two organised armed sides, so state forces
# fighting an unnamed foe fight an unidentified armed group. Looting and property destruction by an armed
# actor takes civilians' property (dev part: actor2 Civilians in 29 of the 33 such notes whose actor2 we
# missed).
_VICTIM_SUBS = _VAC_SUBS + ("Looting/property destruction",)


# Two unnamed crowds or groups on both sides of one act ("two groups of villagers attacked each other",
# "a shoot-out between rival gangs", "a counter-protest"): ACLED codes the same generic actor on both sides.
_RECIPROCAL = re.compile(r"\b(?<!from )(?:each other|one another)|\b(?:between (?:the )?(?:two|rival)\b|rival (?:groups|gangs|factions|"
                         r"mobs|supporters|clans)|two (?:rival )?(?:groups|factions|gangs|mobs|sides|families|communities)\b|"
                         r"counter-?(?:protest|demonstrat|rall)\w*)", re.I)
_CLASHED = re.compile(r"\b(?:clash(?:ed|es|ing)?|fight|fought|brawl\w*|scuffle[sd]?)\b", re.I)
_DRUGS = re.compile(r"\b(?:drugs?|narcotics?|marijuana|cannabis|cocaine|crack|heroin|methamphetamine|drug-?traffick\w*)\b", re.I)
_SAME_SIDE_KINDS = ("armed", "gang", "rioters", "protesters")
_SAME_SIDE_SUBS = ("Armed clash", "Mob violence", "Violent demonstration", "Peaceful protest")


def same_side(actor1: ActorMention | None, actor2: ActorMention | None, sub_event_type: str, trigger: tuple[int, int],
              text: str, window: tuple[int, int] | None = None) -> ActorMention | None:
    """actor1 again as actor2 when the act has two unnamed sides of one kind ("two groups attacked each
    other", "a shoot-out between rival gangs", "a counter-protest"); a mob that clashed with civilians
    fought other rioters (ACLED codes Rioters on both sides). None otherwise."""
    if actor1 is None or not actor1.generic or actor1.kind not in _SAME_SIDE_KINDS or sub_event_type not in _SAME_SIDE_SUBS:
        return None
    if actor2 is not None and not (sub_event_type == "Mob violence" and actor2.kind in _CIVILIAN_KINDS):
        return None
    ws, we = window or (0, len(text))
    if not (_RECIPROCAL.search(text, ws, we) or sub_event_type == "Mob violence" and _CLASHED.search(text, ws, we)):
        return None
    return replace(actor1, start=trigger[0], end=trigger[1], text=text[trigger[0]:trigger[1]])


def default_counterpart(actor1: ActorMention | None, actor2: ActorMention | None, sub_event_type: str,
                        trigger: tuple[int, int], text: str, namer: Callable[[str], str],
                        window: tuple[int, int] | None = None) -> ActorMention | None:
    """The generic actor2 ACLED codes when the report names no target or opponent, else None.

    ``window``: the sentence that tells the act, read for two unnamed sides of one act."""
    if actor2 is not None:
        return None
    same = same_side(actor1, None, sub_event_type, trigger, text, window)
    if same is not None:
        return same
    if sub_event_type == "Protest with intervention":
        # ACLED's definition: peaceful protesters met by state forces, which the report may leave unnamed.
        kind, inter = "police", 1
    elif sub_event_type == "Mob violence" and actor1 is not None and actor1.kind == "rioters":
        # A mob that fought no one attacked people or their property (dev part: actor2 Civilians in 44 of
        # the 47 mob-violence notes without a clash and without forces named).
        kind, inter = "civilians", 7
    elif sub_event_type == "Looting/property destruction" and actor1 is not None and _is_state(actor1) \
            and _DRUGS.search(text, *(window or (0, len(text)))):
        # Forces seizing drugs take a gang's goods, not civilians' (dev part: Unidentified Gang in 16 of the
        # 17 such notes where forces seized drugs).
        kind, inter = "gang", 3
    elif sub_event_type in _VICTIM_SUBS and (sub_event_type != "Looting/property destruction" or actor1 is not None
                                           and actor1.kind not in _CIVILIAN_KINDS + ("protesters", "rioters")):
        kind, inter = "civilians", 7
    elif sub_event_type in _BATTLE_SUBS and actor1 is not None and actor1.kind in _STATE_KINDS:
        kind, inter = "armed", 3
    else:
        return None
    return ActorMention(trigger[0], trigger[1], text[trigger[0]:trigger[1]], namer(kind), inter, None, True, True, kind)


def _crowd_roles(roles: Roles, main: list[ActorMention], sub: str, target: ActorMention | None = None) -> Roles:
    kind, inter = ("rioters", 5) if sub in _RIOT_SUBS else ("protesters", 6)
    crowd = [m for m in main if m.kind == kind] or [m for m in main if m.kind in _CIVILIAN_KINDS + ("protesters", "rioters")]
    identity = [m for m in main if m.kind == "identity"]
    if crowd:
        a1 = crowd[0] if crowd[0].kind == kind else _as_kind(crowd[0], kind, inter)
    else:
        a1 = None
    roles.actor1 = a1
    roles.assoc1 = _unique_names(roles.assoc1 + identity)
    if sub != "Peaceful protest":
        others = [m for m in main if m.kind not in _CIVILIAN_KINDS + ("protesters", "rioters")]
        state = [m for m in others if m.kind in _STATE_KINDS]
        victims = [m for m in main if m.kind in _CIVILIAN_KINDS and (a1 is None or m.start != a1.start)]
        if sub == "Mob violence" and target is not None and target in victims:
            # "a mob beat to death a man suspected of helping an armed group": the man, not the group
            roles.actor2 = target if target.kind == "civilians" else _as_kind(target, "civilians", 7)
            roles.assoc2 = [target] if target.kind == "identity" else []
        elif sub == "Mob violence" and not others and victims:
            v = victims[0]
            roles.actor2 = v if v.kind == "civilians" else _as_kind(v, "civilians", 7)
            roles.assoc2 = [v] if v.kind == "identity" else []
        else:
            roles.actor2 = (state or others or [None])[0]
    return roles


def _is_state(m: ActorMention) -> bool:
    """State forces, whether described ("police") or named by their unit ("the Federal Police")."""
    return m.kind in _STATE_KINDS or m.inter == 1


def _as_kind(m: ActorMention, kind: str, inter: int) -> ActorMention:
    """A crowd or victim named by its identity ("health workers marched") as the generic actor of that kind."""
    cname = m.name[m.name.rfind("(") + 1:-1] if m.name.endswith(")") else None
    label = {"civilians": "Civilians", "protesters": "Protesters", "rioters": "Rioters"}[kind]
    name = f"{label} ({cname})" if cname else label
    return replace(m, name=name, inter=inter, kind=kind, generic=True)


def _from_word_order(text: str, ws: int, ms: list[ActorMention], trigger: tuple[int, int]):
    agent = target = passive_subject = None
    for m in ms:
        before = text[max(ws, m.start - 60):m.start]
        near = m.start >= trigger[0] and len(text[trigger[1]:m.start].split()) <= 6 or _after_participle(before)
        if agent is None and near and _AGENT_CUE.search(before) and not _BACKER_CUE.search(before):
            agent = m
        elif target is None and _TARGET_CUE.search(before) and m.start >= trigger[0] - 40 \
                and not _AGENT_CUE.search(before):
            target = m
    ts = trigger[0]
    first = re.match(r"[\w'-]*", text[ts:trigger[1]]).group().lower()
    participle = not first.endswith("ing")
    if participle and _PASSIVE.search(text[max(ws, ts - 25):ts]) \
            or re.match(r"\s*(?:was|were|had been|have been|has been)\b", text[trigger[1]:]):
        subj = [m for m in ms if m.end <= ts and m is not agent and not _IN_PP.search(text[max(ws, m.start - 40):m.start])]
        passive_subject = subj[0] if subj else None
    return agent, target, passive_subject


_PARTICIPLES = {"shot", "hit", "struck", "set", "held", "led", "made", "done", "taken", "seized", "caught", "fought", "out",
                "overrun", "beaten", "thrown", "blown", "stolen", "driven", "overtaken", "retaken", "shot dead"}


def _after_participle(before: str) -> bool:
    """"killed by X", "carried out by X": a passive agent, unlike "a push by X"."""
    m = re.search(r"(\S+)\s+by\s+(?:[\w'’-]+\s+){0,2}$", before)
    if not m:
        return False
    w = m.group(1).lower().strip(",")
    return w in _PARTICIPLES or (w.endswith(("ed", "en")) and w not in ("when", "then", "often", "even"))


def _subject(text: str, ws: int, ms: list[ActorMention], trigger: tuple[int, int], exclude) -> ActorMention | None:
    for m in ms:
        if m is exclude or (exclude is not None and m.name == exclude.name):
            continue
        if m.start >= trigger[1] + 80:
            break
        if not _IN_PP.search(text[max(ws, m.start - 40):m.start]) and m.kind not in _CIVILIAN_KINDS:
            return m
    return None


def _from_parse(doc, ms: list[ActorMention], trigger: tuple[int, int]):
    """Agent, target and passive subject from the dependency parse, around the trigger's verb."""
    span = doc.char_span(trigger[0], trigger[1], alignment_mode="expand")
    if span is None:
        return None, None, None
    head = span.root
    # Tokens are fresh objects on each access: compare indices, or a verbless root loops forever.
    while coarse_pos(head) not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    by_token = {}
    for m in ms:
        s = doc.char_span(m.start, m.end, alignment_mode="expand")
        if s is not None:
            for t in s:
                by_token.setdefault(t.i, m)
    agent = target = passive_subject = None
    verbs = [head] + [c for c in head.children if c.dep_ in ("conj", "xcomp")]
    for v in verbs:
        for t in v.subtree:
            m = by_token.get(t.i)
            if m is None:
                continue
            t = _role_token(t)
            dep, parent = t.dep_, t.head
            if dep == "nsubj" and parent in verbs and agent is None:
                agent = m
            elif dep == "nsubjpass" and parent in verbs and passive_subject is None:
                passive_subject = m
            elif dep == "pobj" and parent.dep_ == "agent" and parent.head in verbs and agent is None:
                # "defused an IED planted by X": X planted the IED; it is not who defused it
                agent = m
            elif dep == "dobj" and parent in verbs and target is None:
                target = m
            elif dep == "pobj" and parent.lower_ in ("on", "against", "at", "with") and target is None \
                    and parent.head.i in {x.i for x in verbs} | {x.i for x in span}:
                target = m
    if agent is not None and (agent.kind in _CIVILIAN_KINDS and target is None):
        agent, target = None, agent
    return agent, target, passive_subject


def _role_token(t):
    """The token that carries a name's role: "SNA" in "SNA forces defused" is a compound of the subject."""
    while t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i and coarse_pos(t.head) in ("NOUN", "PROPN"):
        t = t.head
    return t


def _unique(ms: list[ActorMention]) -> list[ActorMention]:
    seen, out = set(), []
    for m in sorted(ms, key=lambda x: x.start):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


def _unique_names(ms: list[ActorMention]) -> list[ActorMention]:
    seen, out = set(), []
    for m in ms:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


# A post, camp or column of state forces as what was attacked: "attacked the X police station", "the attack
# on the military camp", "ambushed an army convoy".
_FORCE_POST = re.compile(
    r"\b(?:police|military|army|security|border|gendarmerie|paramilitary|FC|levies|checkpoint|soldiers'?)\s+"
    r"(?:[\w'’-]+\s+){0,1}?(?:station|post|outpost|checkpoint|camp|base|barracks|convoy|patrol|headquarters|"
    r"detachment|position|compound)s?\b|\b(?:barracks|outpost|detachment)\b", re.I)
# Who the toll counts, in the words of the figure and just after it ("Two policemen", "16 dead among soldiers").
_FORCE_DEAD = re.compile(r"\b(?:police(?:m[ae]n|wom[ae]n| officers| personnel)?|constables?|soldiers?|troops|servicem[ae]n|"
                         r"security (?:personnel|forces|men|officials)|gendarmes?|army personnel|military personnel|"
                         r"FC (?:personnel|men)|levies)\b", re.I)
_TOLL_REACH = 40  # characters after a figure in which its noun may stand ("16 dead among soldiers and ...")
# Weapons that make an attack on forces an explosion or strike in ACLED's coding, not a fight.
_REMOTE_WEAPON = re.compile(r"\b(?:bomb\w*|IEDs?|(?:land)?mines?|explosi\w+|blasts?|devices?|shell\w*|mortars?|rockets?|"
                            r"missiles?|drones?|air\s*strikes?|airstrikes?|grenades?|suicide)\b", re.I)


def attack_on_forces(text: str, window: tuple[int, int], sub_event_type: str, death_spans: list[tuple[int, int]],
                     actors: list[ActorMention]) -> ActorMention | None:
    """The state force an "attack" was made on, when the report counts that force's members among the dead
    and tells the attack as one on its post, camp or column, or counts the attackers' dead beside them (an
    exchange of fire); else None. ACLED codes attacks on state forces as battles (an armed clash with the
    attackers, named or not), never as violence against civilians, which is harm to those who cannot fight
    back: an off-duty policeman shot at home stays a civilian victim, for neither cue holds."""
    if sub_event_type != "Attack" or not death_spans or _REMOTE_WEAPON.search(text, *window):
        return None
    force_dead = [(s, e) for s, e in death_spans if _FORCE_DEAD.search(text, s, min(len(text), e + _TOLL_REACH))]
    if not force_dead:
        return None
    other_dead = [(s, e) for s, e in death_spans if (s, e) not in force_dead]
    if not (_FORCE_POST.search(text, *window) or other_dead):
        return None
    forces = [m for m in actors if m.kind in _STATE_KINDS and window[0] <= m.start and m.end <= window[1]] \
        or [m for m in actors if m.kind in _STATE_KINDS]
    return forces[0] if forces else None
