"""How a chart description counts and names things without forming a wrong plural.

The words come from the data package's field titles, which are written as table headings, not for
sentences: "Team" and "Year" count well ("14 teams", "6 years"), but "Access to", "Percent fair and
manageable", "Caseload per FTE", "Staff" or "Teams" do not ("12 access tos"). So the wording is chosen never
to form a wrong plural:

- The label field's title is counted as a noun ("no team", "1 team", "3 teams") only when `noun_forms`
  finds it a safe countable noun: one to four plain words (letters, inner hyphens and apostrophes), none of
  them a function word ("to", "of", "and", "per": with one, the last word may not be the head, as in
  "Area of work"); its last word not one with no plural here ("staff", "data", "percent", "sheep"), not an
  adjective ("fair", "open"), not already plural or uncertain (ending in "s" other than "ss", in "f", "fe",
  "z", in "man", "person" or "child" inside a longer word, or in a consonant and "o"), and not a
  participle, adjective or adverb by its ending ("-ed", "-ing", "-able", "-ful", "-ly"...) unless it is a
  common noun with that ending ("building", "family"). The plural is then regular: "-y" after a consonant
  becomes "-ies"; "-ss", "-x", "-ch" and "-sh" take "-es"; person, child, man and woman are irregular; an
  abbreviation takes "s" ("FTEs"). The test is conservative: a title it refuses is only worded more plainly.
- Any other title is named, in quotes as its table heading, through "values of": "12 values of “Access
  to”", "1 value of “Staff”", "no value of “Teams”". Values rather than rows: a chart with several series
  has more rows than labels, and the count is of labels.
- Counts that follow the noun need none of their own: "Of the 9 services in both …, 4 had a higher figure
  … and 5 a lower one"; a count of nought is "none" ("… and none a lower one"), never "0 … (none)"; two of
  two are "both", all of more are "all 9"; labels with the same figure in both are said so; one shared
  label is named in a sentence of its own ("Only 1 service is in both …: Transitions, with …").
- The measure (the value field's title) follows "the" ("the average caseload", "the share of staff
  saying …") when it can end a noun phrase or has its head first (a preposition after the first word:
  "Share of …", "Caseload per FTE"); otherwise ("Access to", "Percent fair and manageable") it is quoted as
  its heading: "The chart shows “Access to” for 12 teams."
- A chart of one row gives its one figure; a chart whose figures are all equal says so; a chart with a
  series field but one series is described as a chart without series.
"""

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CONJUNCTIONS = words("and or nor but if than whether while")
# Prepositions, articles, determiners and pronouns: with one in a title, its last word may not be the head.
FUNCTION_WORDS = CONJUNCTIONS | words(
    """a about above across after against along among an any around as at before behind below beneath
    beside between beyond by despite down during each either every for from in including inside into its
    like near neither not of off on onto our out outside over past per since that the their these this
    those through throughout till to toward towards under until up upon versus via vs which who whose with
    within without"""
)
# Nouns with no plural in a count ("12 staffs"), and words already plural.
NOT_COUNTABLE = words(
    """staff personnel data information equipment advice feedback evidence research support care funding
    income expenditure spending money housing accommodation transport traffic knowledge progress work
    percent percentage sheep deer fish aircraft people children men women police criterion phenomenon
    datum"""
)
ADJECTIVES = words(
    "open closed current other new old previous next last first same different fair high low overall"
)
# Endings of participles, adjectives and adverbs ("Date reported", "Manageable", "Weekly"), and the common
# nouns that have them.
NOT_NOUN_ENDINGS = ("ed", "ing", "able", "ible", "ful", "ous", "less", "ive", "ly")
NOUNS_DESPITE_ENDING = words(
    "need bed speed building meeting setting rating thing ceiling family supply assembly reply anomaly"
)
IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women"}
WORD = re.compile(r"[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?")


def lower_first(title: str) -> str:
    """ "Average caseload" -> "average caseload", but "FTE caseload" stays as it is."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def can_end_noun_phrase(word: str) -> bool:
    word = word.lower()
    if word in FUNCTION_WORDS or word in ADJECTIVES:
        return False
    return not word.endswith(NOT_NOUN_ENDINGS) or word in NOUNS_DESPITE_ENDING


def noun_forms(title: str) -> tuple[str, str] | None:
    """("team", "teams") for "Team": the singular and plural of a title that is a safe countable noun,
    None for any other ("Access to", "Staff", "Teams", "Percent fair and manageable"); see the docstring."""
    words = title.split()
    if not 1 <= len(words) <= 4 or not all(WORD.fullmatch(word) for word in words):
        return None
    if any(word.lower() in FUNCTION_WORDS for word in words):
        return None
    singular = lower_first(title)
    last = singular.split()[-1]
    word = last.lower()
    if word in NOT_COUNTABLE or not can_end_noun_phrase(word):
        return None
    if word in IRREGULAR:
        plural_last = last[:1] + IRREGULAR[word][1:]  # each keeps its first letter: Person -> People
    elif (
        word.endswith(("man", "person", "child"))
        or word.endswith(("s", "f", "fe", "z"))
        and not word.endswith("ss")
    ):
        return None  # chairman, already plural, or a plural no rule gives safely (halves or roofs)
    elif re.search(r"[^aeiou]o$", word):
        return None  # heroes or photos
    elif last.isupper() and len(last) > 1:
        plural_last = last + "s"  # an abbreviation: FTE -> FTEs
    elif word.endswith(("ss", "x", "ch", "sh")):
        plural_last = last + "es"
    elif re.search(r"[^aeiou]y$", word):
        plural_last = last[:-1] + "ies"
    else:
        plural_last = last + "s"
    return singular, singular[: len(singular) - len(last)] + plural_last


class Counted:
    """How to count a chart's labels: "no team", "1 team", "3 teams", or "3 values of “Access to”"."""

    def __init__(self, title: str):
        forms = noun_forms(title)
        if forms:
            self.singular, self.plural = forms
        else:
            self.singular, self.plural = f"value of “{title}”", f"values of “{title}”"

    def __call__(self, count: int) -> str:
        if count == 0:
            return f"no {self.singular}"
        return f"{count} {self.singular if count == 1 else self.plural}"


def measure_of(title: str) -> str:
    """The value field's title as the object of "shows": "the average caseload", or "“Access to”"."""
    words = title.split()
    head_first = any(word.lower() in FUNCTION_WORDS - CONJUNCTIONS for word in words[1:-1])
    if words and words[-1].lower() not in FUNCTION_WORDS and (head_first or can_end_noun_phrase(words[-1])):
        return f"the {lower_first(title)}"
    return f"“{title}”"


def join_names(names: list) -> str:
    names = [str(name) for name in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def everyone(count: int) -> str:
    """ "both" for two, "all 9" for more."""
    return "both" if count == 2 else f"all {count}"
