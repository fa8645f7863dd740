"""Command line: `python -m bot guide|suggest|eval …` (`--help` on each)."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import Any, TextIO

import yaml

from bot.guide import default_guide
from bot.guide.render import section_text

# Written by `make crossval` (five trainings, too slow for every `make eval`), committed with the
# figures it holds so `make eval` can print them beside the dev and held-out figures.
CROSSVAL_REPORT = Path("results/crossval.txt")


def _guide(args: argparse.Namespace, out: TextIO) -> int:
    guide = default_guide()
    if args.section is None:
        if args.json:
            json.dump(guide.to_list(), out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            out.writelines(f"{s.id}\t{s.title}\n" for s in guide)
        return 0
    section = guide.get(args.section)
    if section is None:
        print(f"no section {args.section!r}; `python -m bot guide` lists them", file=sys.stderr)
        return 2
    if args.json:
        json.dump(section.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(section_text(section, guide) + "\n")
    return 0


def _suggester() -> Any:
    from bot.dialogue import default_composer
    from bot.nlu.parser import Parser
    from bot.suggest import Suggester

    return Suggester(Parser().parse, default_guide(), default_composer())


def _suggest(args: argparse.Namespace, out: TextIO) -> int:
    suggester = _suggester()
    lines = [" ".join(args.text)] if args.text else (line.rstrip("\n") for line in sys.stdin)
    for line in lines:
        result = suggester.suggest(line)
        if args.json:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            out.write(_suggestion_text(result) + "\n\n")
        out.flush()
    return 0


def _suggestion_text(result: dict[str, Any]) -> str:
    lines = [f"消息：{result['text']}"]
    flags = [
        f"特殊：{result['special']}" if result["special"] else "",
        "紧急！" if result["emergency"] else "",
        f"国家：{result['country']}" if result["country"] else "",
        "未能确定章节" if result["fallback"] else "",
    ]
    if any(flags):
        lines.append("  ".join(flag for flag in flags if flag))
    for s in result["suggestions"]:
        lines.append(f"  {s['confidence']:.2f}  {s['section']}  {s['title']}")
    lines += ["", result["reply"]]
    return "\n".join(lines)


def _pipeline_settings(config: Path | None = None) -> dict[str, float]:
    """The ranker's weights, the fallback threshold and the scope check's, as trained."""
    from bot.scope import THRESHOLD as SCOPE_THRESHOLD

    path = config or Path("config.yml")
    pipeline = yaml.safe_load(path.read_text(encoding="utf-8"))["pipeline"]
    by_name = {step["name"].rsplit(".", 1)[-1]: step for step in pipeline}
    return {
        "weight": float(by_name["GuideRanker"].get("retrieval_weight", 0.3)),
        "emergency_weight": float(by_name["GuideRanker"].get("emergency_weight", 0.0)),
        "threshold": float(by_name["FallbackClassifier"]["threshold"]),
        "scope_threshold": float(by_name["ScopeCheck"].get("threshold", SCOPE_THRESHOLD))
        if "ScopeCheck" in by_name
        else math.inf,
    }


def _eval(args: argparse.Namespace, out: TextIO) -> int:
    from bot.dialogue import Thresholds
    from bot.evaluation import evaluate, format_report, load_examples
    from bot.nlu.countries import default_finder
    from bot.nlu.parser import Parser

    settings = _pipeline_settings()
    parser = Parser(args.model)
    cache: dict[str, dict[str, Any]] = {}

    def parse(text: str) -> dict[str, Any]:
        if text not in cache:
            cache[text] = parser.parse(text)
        return cache[text]

    out.write(f"model {parser.model_path.name}; {settings}\n")
    if CROSSVAL_REPORT.exists():
        out.write(CROSSVAL_REPORT.read_text(encoding="utf-8") + "\n")
    else:
        out.write(
            f"(no cross-validation figures yet: `make crossval` writes {CROSSVAL_REPORT})\n\n"
        )
    held_out = set(args.held_out)
    for path in [*args.sets, *args.held_out]:
        report = evaluate(
            path.stem,
            load_examples(path),
            parse,
            default_guide(),
            settings["weight"],
            settings["threshold"],
            args.bm25_min_score,
            settings["emergency_weight"],
            default_finder().canonical,
            Thresholds().unsure,
            settings["scope_threshold"],
        )
        text = format_report(report, default_guide(), show_messages=path not in held_out)
        out.write(text + "\n\n")
    return 0


def _bench(args: argparse.Namespace, out: TextIO) -> int:
    import statistics
    import time

    from bot.evaluation import load_examples
    from bot.nlu.parser import Parser

    texts = [e.text for e in load_examples(args.set)]
    started = time.perf_counter()
    parser = Parser()
    load_seconds = time.perf_counter() - started
    for text in texts[:20]:  # warm-up: first calls build TensorFlow graphs
        parser.parse(text)
    timings = []
    for _ in range(args.rounds):
        for text in texts:
            begin = time.perf_counter()
            parser.parse(text)
            timings.append((time.perf_counter() - begin) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    out.write(
        f"NLU parse latency over {len(timings)} parses of {args.set} "
        f"(model load {load_seconds:.1f} s): p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, "
        f"p99 {cuts[98]:.1f} ms, max {max(timings):.1f} ms\n"
    )
    return 0


def _crossval(args: argparse.Namespace, out: TextIO) -> int:
    import datetime

    from bot.crossval import cross_validate

    def log(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    report = cross_validate(args.data, args.config, args.folds, args.workdir, log, args.reuse)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    note = (
        "pipeline: what the bot does (below the fallback threshold counts as wrong); combined: "
        "the classifiers' averaged ranking without the fallback"
    )
    text = f"{report}\n{note}\n(measured {stamp}, config {args.config}, data {args.data})\n"
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8")
    out.write(text)
    return 0


def _wechat_sim(args: argparse.Namespace, out: TextIO) -> int:
    import os
    import secrets

    from bot.channels import wechat_sim as sim

    env = {
        **sim.read_env_file(),
        **{k: v for k, v in os.environ.items() if k.startswith("WECHAT_")},
    }
    if not env.get("WECHAT_TOKEN"):
        out.write("no WECHAT_TOKEN in the environment or var/wechat-dev.env: start `make run`\n")
        return 2
    account = sim.Account(
        env["WECHAT_TOKEN"], env.get("WECHAT_APP_ID", ""), env.get("WECHAT_AES_KEY")
    )
    text = " ".join(args.text)
    if args.location:
        lat, lon = (float(v) for v in args.location.split(","))
        msg_id = secrets.randbelow(10**15)
        fields = sim.message(
            args.user, "location", Location_X=lat, Location_Y=lon, Scale=15, Label="", MsgId=msg_id
        )
    elif args.subscribe:
        fields = sim.message(args.user, "event", Event="subscribe")
    else:
        fields = sim.text_message(args.user, text)
    request = sim.signed_request(account, fields, safe=args.safe)
    status, body = sim.post(args.url, request, timeout=args.timeout)
    if status != 200:
        out.write(f"HTTP {status}: {body.decode('utf-8', 'replace')}\n")
        return 1
    out.write(sim.reply_content(account, body, args.safe) + "\n")
    return 0


def _wechat_menu(args: argparse.Namespace, out: TextIO) -> int:
    from bot.channels.wechat_menu import wechat_menu

    out.write(json.dumps(wechat_menu(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _feedback_export(args: argparse.Namespace, out: TextIO) -> int:
    from bot.feedback import FeedbackStore, export_nlu
    from bot.settings import Settings

    text = export_nlu(FeedbackStore(Settings.from_env().feedback_url).all())
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        out.write(f"wrote {args.out}\n")
    else:
        out.write(text)
    return 0


def _purge(args: argparse.Namespace, out: TextIO) -> int:
    from bot.retention import purge, tracker_db_url
    from bot.settings import Settings

    settings = Settings.from_env()
    days = settings.retention_days if args.days is None else args.days
    done = purge(tracker_db_url(args.endpoints), settings.feedback_url, days)
    out.write(
        f"older than {days:g} days: deleted {done.conversations} conversations "
        f"({done.events} events) and {done.feedback} feedback entries\n"
    )
    return 0


def _load(args: argparse.Namespace, out: TextIO) -> int:
    import asyncio

    from bot import loadgen
    from bot.channels.wechat_sim import read_env_file
    from bot.evaluation import load_examples

    texts = [e.text for e in load_examples(args.set) if e.text.strip()]
    target: loadgen.Target
    if args.channel == "wechat":
        token = os.environ.get("WECHAT_TOKEN") or read_env_file().get("WECHAT_TOKEN")
        if not token:
            print("no WECHAT_TOKEN (nor var/wechat-dev.env from `make run`)", file=sys.stderr)
            return 2
        target = loadgen.WeChatTarget(args.url, token)
    else:
        target = loadgen.RestTarget(args.url, retries=args.retries)
    if args.rate:
        run = loadgen.open_loop(target, texts, args.rate, args.seconds)
    else:
        run = loadgen.closed_loop(target, texts, args.users, args.seconds)
    result = asyncio.run(run)
    if args.json:
        out.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
    else:
        out.write(result.line() + "\n")
    return 0 if not result.errors else 1


def _cluster(args: argparse.Namespace, out: TextIO) -> int:
    import signal
    import time

    from bot.cluster import Cluster, ClusterError

    cluster = Cluster(state=args.state)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        cluster.start()
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    out.write(cluster.banner() + "\n")
    out.flush()
    status = 0
    while not stopping:
        dead = [name for name, p in cluster.processes.items() if p.poll() is not None]
        if dead:
            print(f"error: {', '.join(dead)} exited; see {cluster.logs}/", file=sys.stderr)
            status = 1
            break
        time.sleep(0.5)
    out.write("stopping…\n")
    cluster.shutdown()
    out.write("stopped.\n")
    return status


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    guide = commands.add_parser("guide", help="print the knowledge base or one section")
    guide.add_argument("section", nargs="?", help="a section ID such as 5.1.1")
    guide.add_argument("--json", action="store_true", help="JSON instead of text")
    guide.set_defaults(handler=_guide)

    suggest = commands.add_parser(
        "suggest", help="best guide sections for messages (argument, or one per stdin line)"
    )
    suggest.add_argument("text", nargs="*", help="the message; without it, read stdin")
    suggest.add_argument("--json", action="store_true", help="one JSON object per line")
    suggest.set_defaults(handler=_suggest)

    evaluation = commands.add_parser("eval", help="accuracy figures on evaluation sets")
    evaluation.add_argument(
        "sets", nargs="*", type=Path, default=[Path("tests/eval/dev.yml")], help="YAML sets"
    )
    evaluation.add_argument(
        "--held-out",
        nargs="*",
        type=Path,
        default=[],
        help="sets reported without their messages (so nobody tunes on them)",
    )
    evaluation.add_argument("--bm25-min-score", type=float, default=8.0)
    evaluation.add_argument("--model", type=Path, help="a model archive (default: the newest)")
    evaluation.set_defaults(handler=_eval)

    crossval = commands.add_parser("crossval", help="k-fold cross-validation (k trainings)")
    crossval.add_argument("--folds", type=int, default=5)
    crossval.add_argument("--data", type=Path, default=Path("nlu_data/nlu"))
    crossval.add_argument("--config", type=Path, default=Path("config.yml"))
    crossval.add_argument("--workdir", type=Path, default=Path("var/crossval"))
    crossval.add_argument("--report", type=Path, default=CROSSVAL_REPORT)
    crossval.add_argument(
        "--reuse", action="store_true", help="score the fold models of --workdir again, no training"
    )
    crossval.set_defaults(handler=_crossval)

    sim = commands.add_parser(
        "wechat-sim", help="send a message to the WeChat webhook as WeChat does; print the reply"
    )
    sim.add_argument("text", nargs="*", help="the message text")
    sim.add_argument(
        "--safe", action="store_true", help="encrypt (safe mode) and decrypt the reply"
    )
    sim.add_argument("--user", default="wechat-sim-user", help="the sender's OpenID")
    sim.add_argument("--location", help="send a location instead: LAT,LON")
    sim.add_argument("--subscribe", action="store_true", help="send a subscribe event instead")
    sim.add_argument(
        "--url",
        default=f"http://localhost:{os.environ.get('RASA_PORT', '5005')}/webhooks/wechat/webhook",
    )
    sim.add_argument("--timeout", type=float, default=10.0)
    sim.set_defaults(handler=_wechat_sim)

    menu = commands.add_parser("wechat-menu", help="print the JSON of the Official Account menu")
    menu.set_defaults(handler=_wechat_menu)

    feedback = commands.add_parser("feedback", help="hotline agents' feedback")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", required=True)
    export = feedback_commands.add_parser("export", help="write it as Rasa NLU data for review")
    export.add_argument("--out", type=Path, help="file to write (default: stdout)")
    export.set_defaults(handler=_feedback_export)

    purge = commands.add_parser(
        "purge", help="delete conversations and feedback older than the retention period"
    )
    purge.add_argument("--days", type=float, help="default: RETENTION_DAYS (90)")
    purge.add_argument(
        "--endpoints", type=Path, default=Path(os.environ.get("ENDPOINTS", "endpoints.yml"))
    )
    purge.set_defaults(handler=_purge)

    cluster = commands.add_parser(
        "cluster",
        help="PostgreSQL, Redis, nginx, 2 Rasa servers, 1 action server (make run-cluster)",
    )
    cluster.add_argument("--state", type=Path, default=Path("var/cluster"))
    cluster.set_defaults(handler=_cluster)

    load = commands.add_parser(
        "load", help="load the running server: closed loop (--users) or open loop (--rate)"
    )
    load.add_argument("--url", default=f"http://localhost:{os.environ.get('RASA_PORT', '5005')}")
    load.add_argument("--channel", choices=("rest", "wechat"), default="rest")
    load.add_argument("--users", type=int, default=16, help="closed loop: concurrent users")
    load.add_argument("--rate", type=float, help="open loop: Poisson arrivals per second")
    load.add_argument("--seconds", type=float, default=30.0)
    load.add_argument("--set", type=Path, default=Path("tests/eval/dev.yml"))
    load.add_argument("--retries", type=int, default=0, help="REST: resend a failed message")
    load.add_argument("--json", action="store_true")
    load.set_defaults(handler=_load)

    bench = commands.add_parser("bench", help="NLU parse latency percentiles")
    bench.add_argument("--set", type=Path, default=Path("tests/eval/dev.yml"))
    bench.add_argument("--rounds", type=int, default=2)
    bench.set_defaults(handler=_bench)
    return parser


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Run one command; returns the process exit status."""
    args = build_parser().parse_args(argv)
    return int(args.handler(args, out))
