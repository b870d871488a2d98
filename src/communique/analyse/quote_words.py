"""Word lists for finding and attributing speech. Kept apart so the rules read as rules."""
from __future__ import annotations

# Verbs that introduce what someone said, as lemmas (spaCy lemmatises "emphasised" to
# "emphasise", so both spellings are listed).
SPEECH_VERBS = frozenset("""
say state add tell emphasize emphasise stress underscore underline note warn announce declare
affirm reaffirm assert insist argue claim explain remark reiterate confirm deny indicate mention
suggest acknowledge vow pledge promise threaten predict admit complain observe reply respond
conclude continue elaborate write tweet post highlight point ask urge maintain recall assure
caution contend charge accuse allege disclose reveal report agree describe call term label
chant shout speak inform cite comment read believe suspect
""".split())

# Of those, the ones that report content in a clause of their own ("said the two countries
# would …" needs no "that"); the rest count as reported speech only with a "that" clause.
BARE_CLAUSE_VERBS = frozenset("say tell add state write claim warn believe suspect".split())

# Verbs that attribute a quoted fragment without reporting a statement ("described the ties
# as “very deep”"): they attribute a direct quote but never make reported speech.
DESCRIBING_VERBS = frozenset("describe call term label cite".split())

# Head nouns that make a noun phrase a person's office ("the Iraqi parliament speaker").
ROLE_NOUNS = frozenset("""
minister president speaker official spokesman spokeswoman spokesperson envoy ambassador chief
leader commander counterpart premier diplomat secretary adviser advisor general cleric lawmaker
mp head chairman chair chairwoman director deputy king emir prince sheikh ayatollah governor mayor
negotiator representative delegate monarch chancellor lawmaker legislator senator officer
commissioner secretary-general rapporteur mediator
""".split())

# Nouns that, with "both" or "the two", name the parties of a meeting jointly.
PERSON_COLLECTIVES = frozenset("side leader official minister president speaker counterpart delegation "
                               "diplomat envoy head".split())
STATE_COLLECTIVES = frozenset("country nation government state capital neighbor neighbour".split())

# Office words → knowledge-base role keys, for "the Iraqi foreign minister" when the article
# itself never names the holder. Longest phrases first.
ROLE_KEYS = (
    (("deputy", "foreign", "minister"), "deputy_foreign_minister"),
    (("foreign", "minister"), "foreign_minister"),
    (("interior", "minister"), "interior_minister"),
    (("defence", "minister"), "defence_minister"),
    (("defense", "minister"), "defence_minister"),
    (("prime", "minister"), "head_of_government"),
    (("premier",), "head_of_government"),
    (("vice", "president"), "vice_president"),
    (("supreme", "leader"), "supreme_leader"),
    (("judiciary", "chief"), "judiciary_chief"),
    (("parliament", "speaker"), "speaker"),
    (("speaker",), "speaker"),
    (("president",), "head_of_state"),
)

# Words in a speaker label or role phrase that are titles, not names.
TITLE_WORDS = frozenset("""
president prime minister foreign interior defence defense deputy vice speaker parliament parliamentary
caretaker acting former late supreme leader chief judiciary ayatollah hojjat al-islam sheikh general
gen. brig. maj. dr. dr mr. mr mrs. mrs ms. ms sayyed sayyid seyed king emir prince crown ambassador
envoy spokesman spokeswoman spokesperson official head secretary commander the his her their its
""".split())

# Head nouns of organisations: "the ministry" refers back to the last ministry named.
ORG_NOUNS = frozenset("""
ministry office government army council parliament committee agency embassy guards corps movement
presidency court judiciary commission bank company organization organisation mission militia forces
coalition alliance administration cabinet department authority authorities police navy
""".split())

# Documents and channels: "…," the statement said. They carry someone's words; the speaker
# is whoever issued them.
DOCUMENT_NOUNS = frozenset("statement report communique communiqué readout release transcript letter "
                           "message post tweet announcement declaration banner placard poster sign "
                           "slogan".split())

# Verbs whose object is itself the gist of what was said ("stressed his government's
# determination to …", "emphasized the need to …"): reported statements without a clause.
OBJECT_STATEMENT_VERBS = frozenset("emphasize emphasise stress underscore underline reaffirm reiterate "
                                   "affirm highlight".split())

# Plural nouns for crowds and groups with no name of their own: "the protesters ... they chanted".
CROWD_NOUNS = frozenset("""
protesters protestors demonstrators students workers residents villagers rebels militants activists
families mourners pilgrims refugees fighters farmers strikers supporters crowds survivors relatives
""".split())

# Verbs whose subject and object meet: "X met Y. They said ..." speaks for both.
MEETING_VERBS = frozenset("meet host receive welcome".split())

PERSON_PRONOUNS = frozenset({"he", "she"})
PLURAL_PRONOUNS = frozenset({"they"})

# Reporting verbs whose content is the speaker's claim, or the speaker's denial, not a fact
# the report asserts ("officials claimed that …", "the ministry denied that …").
CLAIM_VERBS = frozenset("claim allege accuse charge contend believe suspect".split())
DENY_VERBS = frozenset("deny reject dismiss refute".split())

# Words that make an unknown source's name a news outlet ("the news agency reported").
NEWS_WORDS = frozenset("""
news agency press newspaper paper daily broadcaster television tv radio channel reuters afp
wire times post journal gazette herald tribune
""".split())

# Verbs of a sentence that announces a comment the next quote gives ("X criticised the
# decision on Twitter. “…”"); with the speech verbs, they hand the quote to their subject.
COMMENT_VERBS = frozenset("""
criticize criticise condemn praise welcome respond react comment oppose defend reject dismiss slam
blast address hit speak tweet post write reply
""".split())
