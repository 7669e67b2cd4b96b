"""The common mistakes of the authoring guide, applied to the tutorial's scenario.

Each entry: what the teacher wrote (as shown in the guide), the text replaced in the tutorial
file, and the replacement. tests/scenario/test_guide.py checks that the guide shows exactly
the message `brink validate` gives for each.
"""

MISTAKES = [
    ("a misspelt key: `tittle:`", "title: {en: The Berlin airlift",
     "tittle: {en: The Berlin airlift"),
    ("a tab for indentation", "    side: us\n", "\tside: us\n"),
    ("text with a `:` inside `{ }`",
     "text: {en: Lift the blockade, fr: Lever le blocus}",
     "text: {en: Lift the blockade: Berlin is free, fr: Lever le blocus}"),
    ("text with a comma inside `{ }`",
     "text: {en: Supply the city by air, fr: Ravitailler la ville par les airs}",
     "text: {en: Supply the city, by air, fr: Ravitailler la ville par les airs}"),
    ("`&&` instead of `and`", "    when: lifted\n", "    when: \"lifted && tension < 50\"\n"),
    ("`=` instead of `==`", "    when: lifted\n", "    when: \"tension = 50\"\n"),
    ("a per-side meter without its side", "    when: \"supplies <= 0 or us.prestige <= 20\"",
     "    when: \"supplies <= 0 or prestige <= 20\""),
    ("a flag used as a number", "    when: lifted\n", "    when: \"lifted + 1 > 1\"\n"),
    ("a misspelt flag", "set: [airlift]", "set: [airlfit]"),
    ("an undeclared side", "    side: ussr\n    from: 2", "    side: soviets\n    from: 2"),
    ("a chance above 1", "chance: \"clamp(tension / 200, 0, 1)\"", "chance: \"tension / 50\""),
    ("a kind that does not exist", "        kind: hold\n        historical: true",
     "        kind: wait\n        historical: true"),
    ("a turn outside the scenario", "    from: 2\n", "    from: 14\n"),
    ("an ending that can never happen", "    when: lifted\n", "    when: \"tension > 100\"\n"),
    ("`yes` where true or false is needed", "    playable: true\n    temperament: {aggression",
     "    playable: yes\n    temperament: {aggression"),
    ("a percentage as a chance", "chance: \"clamp(tension / 200, 0, 1)\"", "chance: 50%"),
    ("`et`, `ou`, `non` instead of `and`, `or`, `not`", "    when: lifted\n",
     "    when: \"lifted et tension < 50\"\n"),
    ("a date written day first", "period: {start: 1948-06-24,", "period: {start: 24/06/1948,"),
    ("an unknown name in a condition", "when: \"supplies <= 0 or us.prestige <= 20\"",
     "when: \"food <= 0 or us.prestige <= 20\""),
    ("a flag under `effects:`", "effects: {tension: 5, us.prestige: 5}\n",
     "effects: {tension: 5, us.prestige: 5, airlift: 1}\n"),
    ("`fr:` indented under a folded `en: >-`",
     "      en: Every road, railway and canal to West Berlin is closed. What do you do?\n"
     "      fr: Toutes",
     "      en: >-\n        Every road, railway and canal to West Berlin is closed. What do "
     "you do?\n        fr: Toutes"),
    ("a key indented one space too few", "    title: {en: The blockade, fr: Le blocus}",
     "   title: {en: The blockade, fr: Le blocus}"),
    ("a key indented more than the line above",
     "    to: 1\n    title: {en: The blockade, fr: Le blocus}",
     "    to: 1\n      title: {en: The blockade, fr: Le blocus}"),
    ("a colon in a text without quotes",
     "en: Every road, railway and canal to West Berlin is closed. What do you do?",
     "en: Every road, railway and canal to West Berlin is closed: what do you do?"),
    ("an ending with neither `when:` nor `at_end: true`",
     "    at_end: true\n    score: {us: 2, ussr: 0}", "    score: {us: 2, ussr: 0}"),
    ("an ending whose condition holds at the start", "    when: lifted\n",
     "    when: \"supplies > 0\"\n"),
    ("a text in one language in a two-language scenario",
     "title: {en: The blockade, fr: Le blocus}", "title: The blockade"),
    ("a side that never decides and never scores",
     "  - id: ussr\n    name: {en: Soviet Union",
     "  - id: uk\n    name: {en: United Kingdom, fr: Royaume-Uni}\n"
     "  - id: ussr\n    name: {en: Soviet Union"),
    ("a condition on a flag that a side deciding later sets that turn", "incidents:\n",
     "  - id: thanks\n    side: us\n    from: 2\n    to: 2\n    when: lifted\n"
     "    title: {en: Thanks, fr: Merci}\n    text: {en: Say thanks?, fr: Remercier ?}\n"
     "    options:\n      - {id: thank, kind: negotiate, text: {en: Thank him, fr: Le "
     "remercier}}\nincidents:\n"),
]
