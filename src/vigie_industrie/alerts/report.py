"""The evaluation report: docs/alertes-evaluation.md and the README's figures, from one backtest run.

``vigie alertes evaluer`` regenerates both from the results; nothing here is typed by hand, so
the figures in the docs are always those of the last run. Where the model does not beat a
baseline, the text says so in a sentence, metric by metric.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from vigie_industrie.alerts import backtest, baselines, model, targets

README_START = "<!-- alertes-evaluation:start -->"
README_END = "<!-- alertes-evaluation:end -->"
LABELS = {"model": "Modèle (LightGBM calibré)", "baseline_trend": "Tendance de la dernière période",
          "baseline_persistence": "Persistance de la variation précédente"}
METRIC_LABELS = {"roc_auc": "ROC AUC", "average_precision": "Précision moyenne (AP)", "brier": "Brier (↓)",
                 "precision_top10": "Précision top 10 %"}


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}".replace(".", ",")


def _table(result: dict) -> list[str]:
    lines = ["| Méthode | " + " | ".join(METRIC_LABELS.values()) + " | AP moyenne par origine |",
             "|---|" + "---:|" * (len(METRIC_LABELS) + 1)]
    for m in backtest.METHODS:
        cells = [_fmt(result[m][k]) for k in backtest.METRICS]
        within = result.get("moyenne_par_origine", {}).get(m, {}).get("average_precision")
        lines.append(f"| {LABELS[m]} | " + " | ".join(cells) + f" | {_fmt(within)} |")
    return lines


def _sentences(result: dict) -> list[str]:
    """Plain statements of where the model loses (or wins), metric by metric."""
    if not result["n"]:
        return [f"Aucune origine évaluable : {result.get('note', '')}"]
    out = []
    for name in baselines.NAMES:
        lost = [METRIC_LABELS[k] for k in backtest.METRICS if result["verdict"].get(f"{k}_vs_{name}") is False]
        won = [METRIC_LABELS[k] for k in backtest.METRICS if result["verdict"].get(f"{k}_vs_{name}")]
        if lost:
            out.append(f"**Le modèle ne bat pas la référence « {LABELS[name]} »** sur : {', '.join(lost)}"
                       + (f" (il la bat sur : {', '.join(won)})." if won else "."))
        else:
            out.append(f"Le modèle bat la référence « {LABELS[name]} » sur toutes les mesures.")
    ap_model = result["moyenne_par_origine"]["model"]["average_precision"]
    ap_best = max((result["moyenne_par_origine"][n]["average_precision"] or 0) for n in baselines.NAMES)
    if ap_model is not None:
        word = "meilleure" if ap_model > ap_best else "moins bonne"
        out.append(f"À origine donnée (classement des territoires entre eux), la précision moyenne du modèle est "
                   f"{word} que celle de la meilleure référence ({_fmt(ap_model)} contre {_fmt(ap_best)}).")
    return out


def markdown(results: dict[str, dict], *, command: str = "vigie alertes evaluer") -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Alertes : évaluation honnête (backtest à origine glissante)",
        "",
        f"Généré par `{command}` le {now} (modèle `{model.MODEL_ID}`). Ne pas modifier à la main : "
        "relancez la commande.",
        "",
        "Méthode. À chaque origine de test t, le modèle et les deux références sont entraînés sur les seules "
        "origines dont le résultat était connu à t (s + horizon ≤ t), puis notés sur les territoires à l'origine t. "
        "Les variables d'une origine ne lisent aucune donnée postérieure (test `tests/alerts/test_leakage.py`). "
        "Les mesures sont calculées sur toutes les lignes de test réunies (n) ; la précision au top 10 % est prise "
        "à chaque origine (les 10 % de territoires les plus à risque cette année-là) puis cumulée ; la dernière "
        "colonne donne la précision moyenne calculée origine par origine, qui juge le classement des territoires "
        "entre eux indépendamment du cycle national. Les probabilités des références viennent d'une régression "
        "logistique sur leur seule variable, ajustée sur les mêmes lignes d'entraînement.",
        "",
    ]
    for target_id, result in results.items():
        target = targets.get(target_id)
        lines += [f"## `{target_id}` — {target.libelle}", "",
                  f"Événement prédit : {target.evenement}. Sources : {target.sources}.", ""]
        lines += [f"n = {result['n']} lignes de test, dont {result['n_positifs']} positives ; "
                  f"origines : {', '.join(result['origines']) or 'aucune'}.", ""]
        lines += [*(f"{n}" for n in target.notes), ""] if target.notes else []
        if result["n"]:
            lines += _table(result) + [""]
        lines += [f"- {s}" for s in _sentences(result)] + [""]
    return "\n".join(lines)


def readme_section(results: dict[str, dict]) -> str:
    lines = [README_START, "", "| Cible | n (positifs) | AP modèle | AP tendance | AP persistance | ROC AUC modèle |",
             "|---|---:|---:|---:|---:|---:|"]
    for target_id, r in results.items():
        lines.append(f"| `{target_id}` | {r['n']} ({r['n_positifs']}) | {_fmt(r['model']['average_precision'])} | "
                     f"{_fmt(r['baseline_trend']['average_precision'])} | "
                     f"{_fmt(r['baseline_persistence']['average_precision'])} | {_fmt(r['model']['roc_auc'])} |")
    losers = [t for t, r in results.items() if r["n"] and any(
        r["verdict"].get(f"average_precision_vs_{n}") is False for n in baselines.NAMES)]
    lines.append("")
    if losers:
        lines.append("Le modèle **ne bat pas** les deux références en précision moyenne sur : "
                     + ", ".join(f"`{t}`" for t in losers) + " (détail dans docs/alertes-evaluation.md).")
    else:
        lines.append("Le modèle bat les deux références en précision moyenne sur toutes les cibles évaluées.")
    lines += ["", README_END]
    return "\n".join(lines)


def write(results: dict[str, dict], report_path: Path, readme_path: Path | None) -> None:
    """Write the report, and replace the README's marked section (appended if absent)."""
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(markdown(results) + "\n", encoding="utf-8")
    if readme_path is None or not readme_path.exists():
        return
    text = readme_path.read_text(encoding="utf-8")
    section = readme_section(results)
    if README_START in text and README_END in text:
        head, rest = text.split(README_START, 1)
        tail = rest.split(README_END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n## Alertes : évaluation\n\n" + section + "\n"
    readme_path.write_text(text, encoding="utf-8")
