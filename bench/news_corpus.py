"""A bench corpus that reads like a wire service's conflict coverage, written from our own templates.

The older corpus recombines the four reports in examples/: every article is made of the same forty
paragraphs, nearly every sentence reports violence, and a sentence typed once has been typed for
all 520 articles. Real coverage is not like that: a report holds one or two incidents told in a
few sentences, then reactions, quotes, background and context, and no two reports share their
wording. This builder writes each article from templates with its own country, places, actors,
figures and days, so the sentences are (nearly) all distinct and about a third of them report an
event. Every template here was written for Sitrep.
"""
from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Theatre:
    country: str
    capital: str
    towns: tuple[str, ...]
    armed: tuple[str, ...]  # non-state armed groups
    forces: tuple[str, ...]  # state forces and their allies
    officials: tuple[str, ...]  # who speaks for the government
    outlets: tuple[str, ...]


THEATRES = (
    Theatre("Somalia", "Mogadishu", ("Baidoa", "Kismayo", "Beledweyne", "Jowhar", "Afgooye", "Galkayo", "Bosaso"),
            ("Al Shabaab", "al-Shabaab fighters", "clan militiamen"),
            ("the Somali National Army", "African Union troops", "Somali police"),
            ("the information minister", "a regional governor", "a police spokesman"), ("Radio Mogadishu", "Garowe Online")),
    Theatre("Iraq", "Baghdad", ("Kirkuk", "Mosul", "Tikrit", "Baiji", "Samarra", "Ramadi", "Fallujah"),
            ("Islamic State militants", "IS fighters", "gunmen"),
            ("the Iraqi army", "federal police", "the Popular Mobilisation Forces"),
            ("the security media cell", "a provincial council member", "an army colonel"), ("Rudaw", "Shafaq News")),
    Theatre("Sudan", "Khartoum", ("Omdurman", "El Fasher", "Nyala", "Wad Madani", "El Obeid", "Kadugli", "Geneina"),
            ("the Rapid Support Forces", "RSF fighters", "Arab militiamen"),
            ("the Sudanese army", "army aircraft", "allied armed movements"),
            ("the army spokesman", "a local resistance committee", "a doctors' union"), ("Sudan Tribune", "Radio Dabanga")),
    Theatre("Nigeria", "Abuja", ("Maiduguri", "Kaduna", "Zaria", "Bama", "Gwoza", "Monguno", "Damaturu"),
            ("Boko Haram", "ISWAP fighters", "armed bandits"),
            ("the Nigerian army", "air force jets", "vigilantes of the Civilian Joint Task Force"),
            ("the army spokesman", "the state governor", "a police commissioner"), ("Premium Times", "Daily Trust")),
    Theatre("Mali", "Bamako", ("Mopti", "Gao", "Timbuktu", "Segou", "Menaka", "Kidal", "Djenne"),
            ("JNIM fighters", "jihadists", "gunmen on motorbikes"),
            ("the Malian army", "Malian troops and their Russian allies", "the gendarmerie"),
            ("the army general staff", "a local mayor", "a security source"), ("Studio Tamani", "Le Republicain")),
    Theatre("Kenya", "Nairobi", ("Mombasa", "Kisumu", "Nakuru", "Eldoret", "Garissa", "Lamu", "Mandera"),
            ("Al Shabaab militants", "cattle raiders", "gunmen"),
            ("Kenyan police", "Kenya Defence Forces", "the General Service Unit"),
            ("the interior ministry", "a county commissioner", "the police inspector general"), ("Nation", "The Standard")),
    Theatre("Yemen", "Sanaa", ("Taiz", "Marib", "Hodeidah", "Aden", "Saada", "Mukalla", "Ibb"),
            ("Houthi fighters", "the Houthis", "tribal gunmen"),
            ("government forces", "coalition aircraft", "the Southern Transitional Council's forces"),
            ("a military spokesman", "the provincial governor", "a medical official"), ("Saba", "Al-Masdar Online")),
    Theatre("Democratic Republic of the Congo", "Kinshasa", ("Goma", "Beni", "Bunia", "Butembo", "Rutshuru", "Uvira",
            "Bukavu"),
            ("M23 rebels", "ADF fighters", "CODECO militiamen"),
            ("the Congolese army", "UN peacekeepers", "Wazalendo militias allied to the army"),
            ("the army spokesman", "a civil society leader", "the provincial governor"), ("Radio Okapi", "Actualite.cd")),
)

DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
        "late on Monday", "early on Tuesday", "overnight", "on Friday evening", "at dawn on Sunday")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "11", "12", "14", "17", "21", "30")
PEOPLE = ("civilians", "people", "villagers", "traders", "farmers", "passengers", "worshippers", "students")
SOLDIERS = ("soldiers", "troops", "police officers", "militiamen", "security guards")

# One incident: a lead sentence and the sentences that tell the rest of it.
INCIDENTS = {
    "attack": (
        "{armed} attacked {place} {day}, killing {n} {people}, {official} said.",
        "The assailants arrived [in pickup trucks|on motorbikes|on foot|at nightfall] and opened fire on [a crowded market|a water point|a mosque|a bus station|a cattle market] before [withdrawing|fleeing into the bush|heading {dir}].",
        "[Witnesses|Survivors|Residents|A village elder] said the gunmen [set fire to|looted|burned] {m} [houses|shops|granaries] and took [livestock|motorbikes|food stocks] as they left.",
        "{Official} said {forces} had been sent to the area and were pursuing the attackers.",
    ),
    "bomb": (
        "A roadside bomb struck a vehicle carrying {soldiers} near {place} {day}, killing {n} of them.",
        "A second device exploded as [rescuers|onlookers|police] reached the scene [about {mins} minutes later|soon afterwards], wounding {m} more.",
        "No group said it planted the [bombs|devices], but {armed} have used such [devices|bombs] on [that road|the {town2} road|this route] before.",
        "The road, which links {place} with {town2}, was closed for [several|{m}|many] hours after the [blasts|explosions].",
    ),
    "airstrike": (
        "{forces} carried out air strikes on positions held by {armed} near {place} {day}.",
        "Residents said at least {n} people were killed when a strike hit [a house|a farm|a wedding party|a school] on the [edge|{dir2} side] of [town|{place}].",
        "{Official} said the raids had destroyed [weapons stores|fuel depots|vehicles] and killed [several|{m}] commanders.",
        "[Independent confirmation of|Verifying] the toll was not possible because phone lines [in the area|around {place}] were down [for {m} days|again|].",
    ),
    "clash": (
        "Heavy fighting broke out between {forces} and {armed} on the outskirts of {place} {day}.",
        "The clashes lasted until [the evening|dawn|midday] and left {n} [combatants|fighters|soldiers] dead, according to [a local official|{official}|medics].",
        "[Hundreds|Thousands|Dozens] of families fled towards {town2} as mortar rounds fell on the {dir2} districts.",
        "Each side claimed to have repelled the other and to control the [main road|airport|bridge|hospital] [in {place}|].",
    ),
    "shelling": (
        "Shells fired by {armed} landed on a residential district of {place} {day}, killing {n} people.",
        "Among the dead were {m} [children|women|elderly men] who had been [playing outside their home|queueing for water|at a market stall], [a medic|a nurse|a relative] said.",
        "{Forces} said they had returned fire at the positions [the shells came from|{armed} fired from] [{day}|].",
        "The shelling damaged [a clinic|a school|a bakery] and [a water station|a power line|a mosque] that serves much of the district.",
    ),
    "protest": (
        "Thousands of people marched through {place} {day} to protest against rising fuel prices.",
        "Police fired [tear gas|tear gas and rubber bullets|live rounds in the air|water cannon] to disperse [demonstrators|protesters|youths] who blocked [a main road|the road to {town2}|a roundabout|the city hall].",
        "{N} protesters were arrested and {m} were taken to hospital, [a rights group|the local bar association|organisers|{official}] said.",
        "Organisers said they would march again [next week|on {weekday}|in {month}] if the government did not reverse the increase.",
    ),
    "abduction": (
        "Gunmen abducted {n} {people} from a village near {place} {day}, residents said.",
        "The kidnappers later contacted relatives to demand a ransom of {k} [naira|dollars|local currency], [a local leader|a relative|{official}] said.",
        "{Forces} said a search was under way in the [forest|hills|swamps] [where the group is believed to hide|{dir} of {place}].",
        "Kidnappings for ransom have become common on the roads around {place} [this year|since {month}|in recent months].",
    ),
    "arrest": (
        "{forces} arrested {n} people in raids across {place} {day}, accusing them of links to {armed}.",
        "Relatives said those detained included a [teacher|farmer|nurse|imam|taxi driver] and {m} [university students|traders|schoolboys].",
        "{Official} said the suspects would be brought before a court [in {capital}|in {place}|] once the inquiry was complete.",
        "[Rights groups|Lawyers|Opposition politicians] have criticised such sweeps, saying they often catch people with no ties to any armed group.",
    ),
}

# What surrounds the incidents in a real report.
CONTEXT = (
    "The {country} government has promised to restore order in the region before the end of the year.",
    "Aid agencies say more than {k} people have been displaced [in the province|around {place}] since {month}.",
    "Food prices in {place} have doubled since the main road was cut, traders said.",
    "[The United Nations|The African Union|The Red Cross|Several embassies] called on all parties [in {country}|around {place}|] to protect civilians and allow aid to reach [those in need|{town2}|the displaced] [before the rains|by {weekday}|].",
    "{Official} told reporters that the situation [in {place}|] was now calm and that [schools|markets|roads] would reopen [soon|{day}].",
    "\"We could hear the [noise|gunfire|explosions] all night and nobody slept,\" said a [resident|shopkeeper|teacher] of {place} who asked not to be named.",
    "\"My [brother|son|husband|cousin] went to [the market|the farm|the well] and never came back,\" said a [woman|widow|mother of {m}] who had fled to {town2}.",
    "A local trader said shops in the centre of {place} had stayed shut for a {ordinal} day.",
    "The region around {place} has large deposits of gold and is crossed by roads used by smugglers.",
    "Elections are due in {month}, and the opposition says insecurity could keep many voters in {place} away.",
    "The government and [donors|the World Bank|the European Union] signed an agreement {day} to rebuild [schools|roads|clinics] and [clinics|wells|markets] in [the province|{place}].",
    "Parliament in {capital} is expected to debate a bill on the security budget in {month}.",
    "The central bank raised its main interest rate to {pct} percent in {month} to slow inflation.",
    "Talks between [the two sides|the government and {armed}], hosted by a neighbouring country, broke down in {month} [after {m} rounds|].",
    "{place} lies about {km} kilometres from {capital} and is the main market town for the area.",
    "Many families around {place} depend on farming and herding, and the rains failed last season.",
    "Health officials reported a rise in cholera cases in camps near {place}.",
    "Humanitarian groups say they need more than {k} dollars to feed displaced families until the harvest.",
    "The foreign minister met his counterparts in {capital} to discuss border trade.",
    "A ceasefire agreed in {month} has been broken [several|{m}|many] times [around {place}|in the province|], according to monitors.",
    "[Teachers|Doctors|Nurses] in {place} went on strike {day} over unpaid salaries [for {m} months|], closing most public [schools|clinics].",
    "The national football team's {score} victory was celebrated in the streets of {capital} {day}.",
    "Officials in {place} said the bridge over the river would reopen once repairs were finished.",
    "Mobile network coverage between {place} and {town2} has been patchy for {m} weeks.",
    "The president appointed a new [governor|police chief|army commander] for the province [in {month}|{day}], [replacing a man who had served {m} years|after weeks of criticism|].",
    "Analysts say {armed} fund themselves through taxes on trade and livestock around {town2}.",
    "The World Food Programme said it had reached {k} people with food aid in the past month.",
    "Journalists need a permit to travel outside {capital}, which makes reports hard to verify.",
    "The mayor of {place} asked the government for more money to repair roads damaged by floods.",
    "Residents said electricity had returned to most neighbourhoods of {place} after two weeks of cuts.",
    "A spokesman for {outlet} said its correspondent in {place} was safe.",
    "The ministry of education said exams in {place} would go ahead in {month} as planned.",
    "Farmers near {town2} said they had sold {m} head of cattle to pay for seed this season.",
    "The price of a sack of sorghum in {place} rose to {k} local currency units, traders said.",
    "{Official} said {k} people had registered for the new national identity card in the province.",
    "The governor of the province visited a new water plant in {town2} {day}.",
    "Flooding along the river near {place} destroyed crops on about {km} hectares, officials said.",
    "A court in {capital} adjourned the trial of a former minister until {month}.",
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
ORDINALS = ("second", "third", "fourth", "fifth")


CHOICE_RE = re.compile(r"\[([^\[\]]*)\]")


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    """The template with its slots filled and each "[a|b|c]" replaced by one of its options."""
    text = CHOICE_RE.sub(lambda m: rng.choice(m.group(1).split("|")), template).format(**slots)
    text = re.sub(r" +", " ", text).replace(" .", ".").replace(" ,", ",")
    return text[0].upper() + text[1:]


def _slots(rng: random.Random, th: Theatre, place: str) -> dict[str, str]:
    official = rng.choice(th.officials)
    forces = rng.choice(th.forces)
    n = rng.choice(NUMBERS)
    return {
        "country": th.country, "capital": th.capital, "place": place,
        "town2": rng.choice([t for t in th.towns if t != place]),
        "armed": rng.choice(th.armed), "forces": forces, "Forces": forces[0].upper() + forces[1:],
        "dir": rng.choice(("north", "south", "east", "west")) + "wards",
        "dir2": rng.choice(("northern", "southern", "eastern", "western")), "mins": str(rng.randrange(5, 50)),
        "weekday": rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")),
        "official": official, "Official": official[0].upper() + official[1:],
        "day": rng.choice(DAYS), "n": n, "N": n[0].upper() + n[1:], "m": rng.choice(NUMBERS[:8]),
        "people": rng.choice(PEOPLE), "soldiers": rng.choice(SOLDIERS),
        "k": f"{rng.randrange(12, 990)},{rng.randrange(0, 1000):03d}", "km": str(rng.randrange(30, 600)),
        "month": rng.choice(MONTHS), "pct": str(rng.randrange(8, 30)),
        "score": f"{rng.randrange(1, 5)}-{rng.randrange(0, 2)}", "ordinal": rng.choice(ORDINALS), "outlet": rng.choice(th.outlets),
    }


def news_corpus(n: int, words: int, seed: int, start: dt.date = dt.date(2023, 1, 1)) -> list[dict]:
    """``n`` articles of about ``words`` words: one or two incidents, then context, in paragraphs."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        th = THEATRES[i % len(THEATRES)]
        kinds = rng.sample(sorted(INCIDENTS), rng.choice((1, 1, 2)))
        paragraphs, title = [], ""
        for kind in kinds:
            place = rng.choice(th.towns)
            slots = _slots(rng, th, place)
            told = INCIDENTS[kind]
            lines = [_fill(rng, t, slots) for t in told[:rng.randrange(2, len(told) + 1)]]
            if not title:
                title = f"{th.country}: {lines[0].split(',')[0].rstrip('.')}"
            paragraphs += [" ".join(lines[:2])] + ([" ".join(lines[2:])] if lines[2:] else [])
        context = rng.sample(CONTEXT, len(CONTEXT))
        while sum(len(p.split()) for p in paragraphs) < words and context:
            slots = _slots(rng, th, rng.choice(th.towns))
            take = [_fill(rng, context.pop(), slots) for _ in range(min(rng.choice((1, 2, 2, 3)), len(context)))]
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), " ".join(take))
        published = start + dt.timedelta(days=rng.randrange(0, 700))
        articles.append({"id": f"news-{i:05d}", "title": title, "published": published.isoformat(),
                         "source": rng.choice(th.outlets), "text": title + "\n\n" + "\n\n".join(paragraphs)})
    return articles
