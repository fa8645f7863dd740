"""Read the NLU training examples (Rasa YAML under nlu_data/nlu) without Rasa."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

NLU_DIR = Path(__file__).resolve().parents[2] / "nlu_data" / "nlu"

Labelled = tuple[str, str]  # (text, intent)


def load_training_examples(nlu_dir: Path = NLU_DIR) -> list[Labelled]:
    """Every (example, intent) pair of the Rasa YAML files in `nlu_dir`."""
    pairs: list[Labelled] = []
    for path in sorted(Path(nlu_dir).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block:
                continue
            for line in str(block["examples"]).splitlines():
                text = line.strip()
                if text.startswith("- "):
                    pairs.append((text[2:].strip(), str(block["intent"])))
    return pairs


def examples_of(intents: Iterable[str], nlu_dir: Path = NLU_DIR) -> list[str]:
    """The training examples of `intents`; an error when there are none (a missing directory)."""
    wanted = set(intents)
    texts = [text for text, intent in load_training_examples(nlu_dir) if intent in wanted]
    if not texts:
        raise FileNotFoundError(f"no examples of {', '.join(sorted(wanted))} under {nlu_dir}")
    return texts
