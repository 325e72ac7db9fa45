"""Fit the lexicon detector's scoring weights on the DEVELOPMENT split only.

    python scripts/train_detector.py                 # writes corpus/detector/model.json
    python scripts/train_detector.py --hold-out t5   # the same without dev/t5-*, clean/t5-*
                                                     # (validation on a released split)

Every candidate the detector proposes in corpus/dev (gold) and corpus/clean is a
training example: positive when it overlaps a gold garble and its term is one of
the gold corrections, negative otherwise.  Two logistic regressions (scikit-learn,
used here only, not at run time):

* stage 1 over each candidate's own features (OWN_FEATURES);
* stage 2 adds ``doc_spin``: how many other phrases of the same document stage 1 finds
  suspicious (probability >= STAGE1_CUT), per 100 words, and ``doc_strong``, the same for
  those it is fairly sure of (>= STRONG_CUT).  While training, those stage-1
  probabilities are cross-validated (folds by document), so no document's doc_spin is
  computed by a model that saw its labels.

The threshold is chosen on 5-fold cross-validated stage-2 probabilities (folds by
document) as the one with the highest span recall whose span-level precision (as
`medlint eval` counts it) reaches TARGET_PRECISION and whose rate on clean text stays
within MAX_CLEAN_RATE.  corpus/test and corpus/clean-test are never read.

Each writing batch (the first development documents, then each released held-out split
t1..tN) is searched with the swaps learned from the OTHER batches' pack rules only
(``unseen_swaps``): every released garble became a pack rule, and with the full pack a
model learns that right candidates are learned swaps, which no unseen garble is.  Measured
on the released split v5 (trained without it, 2026-12-02; generic layers only): the model
trained with the full pack gave P 0.828 R 0.603; trained this way, P 0.829 R 0.674 at a
threshold of 0.2, P 0.872 R 0.609 at 0.3; everything on at the threshold its own
cross-validation chose (0.34), P 0.883 R 0.598, which that cross-validation predicted
(P 0.887 R 0.571), where the old one promised R 0.88.
"""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Cross-validated figures flatter held-out text: every development garble's term is in the
# lexicon (each released split's gold corrections were added), a new topic's often are not.
# Validation on split v10 (a copy without v10's pack rules and curated terms, its model
# trained without dev/t10-* and clean/t10-*, 2026-12-04): cross-validated precision 0.872 -> 0.842 held out at threshold 0.21, 0.884 ->
# 0.867 at 0.25; clean text 0.38 -> 0.61 per 1,000 words (v9 and v10 when they were scored:
# 0.37 -> 0.62, 0.38 -> 0.73).  The targets below are the (precision 0.85, clean text
# 0.5) with those margins, so that held-out text, not the development split, meets them.
# 2026-12-08: 0.88 -> 0.90.  The margin above no longer held: generic precision on the last
# held-out splits, each now released, against the cross-validated precision of the model that
# scored it: v29 0.863 (CV >= 0.88), v30 0.853 (0.881), v31 0.861 (0.903), v32 0.818 (0.884), so
# 2 to 7 points lower (mean 4).  At 0.88 the chosen threshold swung between 0.15 and 0.21 with
# each retraining, and v32, scored at 0.15, fell below the 0.85.
TARGET_PRECISION = 0.90


def examples():
    from linter import gold
    from linter.checks import lexicon as detector
    from linter.engine import Engine
    from linter.formats import format_for, read_document
    from linter.nlp import normalise

    engine = Engine(layers=("lexicon",))
    rows = []
    files = [p for p in sorted((ROOT / "corpus" / "dev").glob("*.gold.*")) + sorted((ROOT / "corpus" / "clean").glob("*.*"))
             if not (HOLD_OUT and p.name.startswith(HOLD_OUT))]
    unseen = unseen_swaps(engine, files)
    for doc_id, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        plain, spans = gold.parse(text, str(path)) if ".gold." in path.name else (text, [])
        document = read_document(str(path), plain, format_for(path.name.replace(".gold.", ".")))
        detector.state(engine.ctx).update(unseen[split_of(path)])
        parsed = engine.parse(document)
        for c in detector.candidates(parsed, engine.ctx):
            a, b = c.block_offset + c.start, c.block_offset + c.end
            hit = [g for g in spans if a < g.end and g.start < b]
            ok = any(c.term == normalise(corr) for g in hit for corr in g.corrections)
            span_ok = bool(hit)
            gold_ids = tuple(sorted((doc_id, g.start) for g in hit))
            rows.append((doc_id, c.features, 1 if ok else 0, (doc_id, a, b), span_ok, gold_ids))
        doc_words[doc_id] = parsed.words
        total_gold[0] += len(spans)
        if ".gold." not in path.name:
            clean_docs.add(doc_id)
            clean_words[0] += parsed.words
    return rows


def split_of(path: Path) -> str:
    """The writing batch a corpus file belongs to: "t1".."tN" for released held-out splits,
    "dev" for the project's first development documents (and their clean text)."""
    head = path.name.split("-", 1)[0]
    return head if head[:1] == "t" and head[1:].isdigit() else "dev"


def unseen_swaps(engine, files) -> dict:
    """Per batch, the detector's learned-swap state as it would be had the pack never held the
    batch's own garbles.  Every garble of a released split became a pack rule, so with the full
    pack every right candidate of the development text is also a learned swap, which no unseen
    garble is: trained that way, the model learns to trust learned swaps and little else.  So
    each document is searched and described with the swaps learned from the rules of the
    OTHER batches only (a rule is the batch's when one of its patterns is one of the batch's
    gold garbles)."""
    from dataclasses import replace

    from linter import gold
    from linter.checks import lexicon as detector
    from linter.nlp import normalise
    from linter.swaps import learn, phrase_starts

    garbles: dict[str, set] = {}
    for path in files:
        if ".gold." in path.name:
            spans = gold.parse(path.read_text(encoding="utf-8"), str(path))[1]
            garbles.setdefault(split_of(path), set()).update(normalise(g.text) for g in spans)
    rules = engine.ctx.rules
    out = {}
    for batch in {split_of(p) for p in files}:
        own = garbles.get(batch, set())
        kept = tuple(r for r in rules.rules if not any(normalise(p) in own for p in r.patterns))
        learned = learn(replace(rules, rules=kept, cache_key=""))
        out[batch] = {"learned": learned, "phrases": phrase_starts(learned)}
    detector.state(engine.ctx)  # built once with the full pack; each batch's swaps replace it
    return out


HOLD_OUT = ""  # --hold-out PREFIX: leave those files out (validation on a released split)
total_gold = [0]
doc_words: dict[int, int] = {}
clean_docs: set = set()
clean_words = [0]
# findings per 1,000 words of clean text (the issue allows 0.5 with every layer on; see above).
# 0.27 until 2026-12-07; held-out clean text ran 3-8 times the cross-validated rate (v24: 1.74
# generic against 0.24), so with doc_strong freeing most of the budget it was lowered.  The
# budget goes to the lone-garble path (stage 1 alone): with v25 in development, 0.15 set its
# threshold to 0.8 (cross-validated P 0.883 R 0.818 clean 0.11) and the lone-sentence test of
# tests/test_generic_detector.py found 2 of its 12 undocumented garbles; 0.2 set 0.75 (P 0.883
# R 0.818 clean 0.16) and found 5, the floor that test keeps (what it sets now: see the search
# for ``alone`` in main).
MAX_CLEAN_RATE = 0.2
STAGE1_CUT = 0.2
STRONG_CUT = 0.7  # doc_strong: the document's other phrases stage 1 is fairly sure of (see FEATURES)
# recall (cross-validated, development split) the lone-garble threshold may cost: 2026-12-02,
# 0.75 instead of 0.85 costs 1.3 points (0.687 -> 0.674, precision 0.850 -> 0.861) and finds
# 6 instead of 0 of tests/test_generic_detector.py's 12 undocumented garbles in a lone sentence
ALONE_RECALL_COST = 0.015


def boosted():
    from sklearn.ensemble import HistGradientBoostingClassifier

    # 2026-12-03: depth 4, 150 trees, rate 0.05 instead of depth 2, 60 trees, rate 0.12: CV recall
    # 0.699 -> 0.726 at precision 0.85; trained with v5 / v4 held out, generic F1 on them 0.759 ->
    # 0.762 / 0.757 -> 0.763, clean-text findings 8 -> 7 / 1 -> 1.  Then depth 5, 200 trees (with
    # the slot search's top three and the established phrases): pooled v4 + v5 F1 0.772 -> 0.781
    return HistGradientBoostingClassifier(max_depth=5, max_iter=200, learning_rate=0.05, random_state=0)


def logistic():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=2000)


def cross_validated(X, y, groups, make=boosted):
    import numpy as np
    from sklearn.model_selection import GroupKFold

    cv = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(X, y, groups):
        cv[test] = make().fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return cv


def linear_weights(X, y) -> list[float]:
    """Logistic regression over X without its bias column (the intercept takes its place)."""
    clf = logistic().fit(X[:, 1:], y)
    return [float(clf.intercept_[0])] + [float(w) for w in clf.coef_[0]]


def exported(X, y) -> dict:
    """A boosted ensemble fitted on X, as ``linter.checks.lexicon.ensemble_score`` reads it;
    checked against scikit-learn's own probabilities."""
    import numpy as np

    from linter.checks.lexicon import scores

    clf = boosted().fit(X, y)

    def tree(nodes, i):
        node = nodes[i]
        if node["is_leaf"]:
            return float(node["value"])
        return [int(node["feature_idx"]), float(node["num_threshold"]), tree(nodes, int(node["left"])),
                tree(nodes, int(node["right"]))]

    scorer = {"baseline": float(np.ravel(clf._baseline_prediction)[0]),
              "trees": [tree(predictors[0].nodes, 0) for predictors in clf._predictors]}
    ours = np.array(scores(scorer, X))
    assert np.abs(ours - clf.predict_proba(X)[:, 1]).max() < 1e-9, "exported trees disagree with scikit-learn"
    return scorer


def doc_spin(rows, p1, cut=STAGE1_CUT) -> list[float]:
    """The ``doc_spin`` feature of each row (``doc_strong`` with ``cut=STRONG_CUT``), as
    ``linter.checks.lexicon.scored`` computes it."""
    from linter.checks.lexicon import SPIN_SCALE

    suspicious: dict[int, set] = {}
    for row, p in zip(rows, p1):
        if p >= cut:
            suspicious.setdefault(row[0], set()).add(row[3])
    out = []
    for row in rows:
        s = suspicious.get(row[0], set())
        others = len(s) - (row[3] in s)
        out.append(min(SPIN_SCALE, others * 100.0 / (doc_words[row[0]] + 50)) / SPIN_SCALE)
    return out


def choose_threshold(rows, probabilities) -> tuple[float, dict]:
    """Threshold on SPANS (what `medlint eval` scores: a span is reported when its best
    candidate's probability reaches it): the highest span recall with precision >=
    TARGET_PRECISION and clean text <= MAX_CLEAN_RATE; with what it gives."""
    import numpy as np

    spans: dict = {}
    for (doc_id, feats, label, key, span_ok, gold_ids), p in zip(rows, probabilities):
        if key not in spans or p > spans[key][0]:
            spans[key] = (p, span_ok, gold_ids)
    threshold, best = 0.5, {"recall": 0.0}
    for t in np.arange(0.05, 0.96, 0.01):
        chosen = [v for v in spans.values() if v[0] >= t]
        if not chosen:
            continue
        precision = sum(1 for v in chosen if v[1]) / len(chosen)
        recall = len({g for v in chosen for g in v[2]}) / max(1, total_gold[0])
        clean_rate = 1000 * sum(1 for k, v in spans.items() if v[0] >= t and k[0] in clean_docs) / clean_words[0]
        if precision >= TARGET_PRECISION and clean_rate <= MAX_CLEAN_RATE and recall > best["recall"]:
            threshold = float(t)
            best = {"threshold": round(threshold, 3), "precision": round(precision, 3), "recall": round(recall, 3),
                    "clean_per_1000_words": round(clean_rate, 3)}
    return threshold, best


def main() -> None:
    import numpy as np

    global HOLD_OUT
    if "--hold-out" in sys.argv:
        HOLD_OUT = sys.argv[sys.argv.index("--hold-out") + 1]

    from linter.checks.lexicon import FEATURES, OWN_FEATURES, probability

    rows = examples()
    own = np.array([r[1] for r in rows])  # column 0 is the bias (constant 1)
    y = np.array([r[2] for r in rows])
    # the gate: a linear model that drops hopeless candidates cheaply (and lets the search
    # prune); its threshold keeps 99% of the right candidates
    gate = linear_weights(own, y)
    p_gate = np.array([probability(x, gate) for x in own])
    gate_threshold = float(np.quantile(p_gate[y == 1], 0.01))
    keep = p_gate >= gate_threshold
    print(f"gate {gate_threshold:.4f}: keeps {keep.sum()} of {len(y)} candidates, "
          f"{int(y[keep].sum())} of {int(y.sum())} right ones", file=sys.stderr)
    rows = [r for r, k in zip(rows, keep) if k]
    own, y = own[keep], y[keep]
    groups = np.array([r[0] for r in rows])
    p1 = cross_validated(own, y, groups)
    X = np.column_stack([own, np.array(doc_spin(rows, p1)), np.array(doc_spin(rows, p1, STRONG_CUT))])
    cv = cross_validated(X, y, groups)
    # a phrase stage 1 alone is sure of is reported whatever its document looks like (a
    # lone garble in a short text, a one-line edit checked by pre-commit, which the heavily
    # spun development documents hardly show): the lowest such threshold that costs stage 2
    # at most ALONE_RECALL_COST of recall (the union must still meet the precision and
    # clean-text limits)
    best_recall = choose_threshold(rows, cv)[1]["recall"]
    alone = 1.0
    # (steps of 0.01 since 2026-12-07: with v26 in development, 0.75 broke the clean-text limit
    # and 0.8 found 4 of the lone-sentence test's 12; 0.77 kept it, P 0.880 R 0.817 clean 0.19;
    # with 30 more clean articles (dev clean 206,380 -> 221,948 words) 0.72, clean 0.20; with
    # 24 of dev clean text's flagged phrases made established 0.65, CV P 0.881 R 0.821 clean 0.20)
    for a in np.arange(50, 100) / 100:
        if choose_threshold(rows, np.where(p1 >= a, 1.0, cv))[1]["recall"] >= best_recall - ALONE_RECALL_COST:
            alone = float(a)
            break
    union = np.where(p1 >= alone, 1.0, cv)
    threshold, report = choose_threshold(rows, union)
    for name, probabilities in (
            ("linear, own features", cross_validated(own[:, 1:], y, groups, logistic)),
            ("linear, with doc_spin", cross_validated(
                np.column_stack([own, np.array(doc_spin(rows, cross_validated(own[:, 1:], y, groups, logistic)))])
                [:, 1:], y, groups, logistic)),
            ("boosted, own features", p1),
            ("boosted, with doc_spin only", cross_validated(np.column_stack([own, np.array(doc_spin(rows, p1))]), y, groups)),
            ("boosted, with doc_spin and doc_strong", cv),
            ("boosted, with doc_spin and doc_strong or own features alone (chosen)", union)):
        print(f"{name} (cross-validated): {choose_threshold(rows, probabilities)[1]}", file=sys.stderr)
    out = ROOT / "corpus" / "detector" / "model.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"features": list(FEATURES), "threshold": round(threshold, 3),
            "gate": {"features": list(OWN_FEATURES), "weights": [round(w, 6) for w in gate],
                     "threshold": round(gate_threshold, 6)},
            "stage1": {"cut": STAGE1_CUT, "strong_cut": STRONG_CUT, "threshold": round(alone, 3), **exported(own, y)},
            "stage2": exported(X, y),
            "trained_on": "corpus/dev + corpus/clean" + (f" without {HOLD_OUT}*" if HOLD_OUT else ""), "examples": int(len(y)), "positives": int(y.sum()),
            "cross_validated_at_threshold": report,
            "date": datetime.date.today().isoformat()}
    out.write_text(json.dumps(data) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in data.items() if k not in ("stage1", "stage2", "gate")}, indent=2))


if __name__ == "__main__":
    main()
