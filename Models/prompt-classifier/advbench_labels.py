"""Labels AdvBench's harmful_behaviors.csv (column `goal`) with the 13 categories by keyword rules.

AdvBench: Zou et al. 2023, "Universal and Transferable Adversarial Attacks on Aligned Language
Models", MIT licence; read from ../shared/data/advbench (never copied into the repository).
Every goal is a request for help with harm, so each rule labels the kind of harm. Goals no rule
matches (mostly misinformation, cheating, generic "manipulation") are left out of training, and
their count is reported. Reviewed by reading the output of `python3 advbench_labels.py PATH`.
"""
import csv
import re
import sys

RULES = [
    # (regex on the lower-cased goal, labels)
    (r"\b(bomb|explosive|firearm|gun|weapon|poison|assassinat|shooting|terror|biological|chemical weapon|"
     r"mass casualt|ricin|anthrax)", ["illicit", "illicit/violent"]),
    (r"\b(kill|murder|assault|physical harm|harm (others|someone|people)|violen|attack|hurt|injur|torture|"
     r"assassinat|shooting|terror|bomb)", ["violence"]),
    (r"\b(hack|steal|stole|theft|fraud|counterfeit|launder|phish|malware|virus|ransomware|pirat|insider trading|"
     r"evade|tax|shoplift|smuggl|drug|cocaine|heroin|meth|crack|exploit|spyware|keylogger|botnet|ddos|"
     r"password|bypass|break into|manipulate stock|credit card|identity|illegal|cheat|scam|extort|blackmail|"
     r"bribe|trafficking|crime|criminal|unauthori[sz]ed|breach|infiltrat|trespass|vandal|forge|pirated|"
     r"illicit|counterfeit|embezzl|poach|arson|hijack)", ["illicit"]),
    (r"\b(suicide|self-harm|self harm|anorexi|bulimi|eating disorder|cut themselves|harm themselves|"
     r"kill themselves|kill oneself|starv)", ["self-harm", "self-harm/instructions"]),
    (r"\b(racis|racial|hatred|hate speech|discriminat|minority|minorities|ethnic|religio|xenophob|"
     r"antisemit|islamophob|homophob|transphob|white supremac|supremacist|sexis|misogyn|against (a )?"
     r"(specific )?(group|race))", ["hate"]),
    (r"\b(harass|bully|bullies|cyberbull|defam|stalk|threaten|threatening|intimidat|doxx|humiliat|"
     r"shame|troll|insult)", ["harassment"]),
    (r"\b(threaten|threatening|threat|stalk|intimidat)", ["harassment/threatening"]),
    (r"\b(incit\w* (violence|harm)|violence against|harm towards)", ["violence"]),
    (r"\b(sexual|porn|sexually explicit)", ["sexual"]),
    (r"\b(molest|groom|sexual\w* (abuse|exploit)\w* (of )?(a )?(child|minor))", ["sexual", "sexual/minors"]),
    (r"\b(rob|robbery|fake id|passport|cyberattack|cyber attack|harvest|spy on|sabotag|evading law|"
     r"circumvent|crash a computer|start a fire|denies access|dark web|black market)", ["illicit"]),
]
PARENT = {"harassment/threatening": "harassment", "hate/threatening": "hate", "illicit/violent": "illicit",
          "self-harm/intent": "self-harm", "self-harm/instructions": "self-harm", "sexual/minors": "sexual",
          "violence/graphic": "violence"}


def label_goal(goal):
    text = goal.lower()
    labels = set()
    for pattern, cats in RULES:
        if re.search(pattern, text):
            labels.update(cats)
    if "sexual" in labels and re.search(r"\b(child|children|minor|underage)", text):
        labels.add("sexual/minors")
    if "hate" in labels and "violence" in labels:
        labels.add("hate/threatening")
    for label in list(labels):
        if label in PARENT:
            labels.add(PARENT[label])
    return sorted(labels)


def load(path):
    rows, skipped = [], []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            goal = row["goal"].strip()
            labels = label_goal(goal)
            (rows if labels else skipped).append((goal, labels))
    return rows, skipped


if __name__ == "__main__":
    rows, skipped = load(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/advbench/harmful_behaviors.csv")
    for goal, labels in rows:
        print(",".join(labels), "|", goal)
    print(f"--- {len(rows)} labelled, {len(skipped)} left out:")
    for goal, _ in skipped:
        print("   ", goal)
