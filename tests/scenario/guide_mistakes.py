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
]
