#!/usr/bin/env python3
"""Turns bench/run.sh's results.tsv into the 'Gateway overhead' section of docs/benchmarks.md.

Medians over rounds. Every ratio is the median over rounds of the ratio within a round, between
figures measured back to back (seconds apart), against direct PostgreSQL or, for the managed
workload, against the same script on the unmanaged table. The
section sits between two HTML comment markers so other sections of the file are kept.
"""
import argparse
import math
import os
import platform
import statistics
import subprocess
from collections import defaultdict

START = "<!-- bench:gateway:start -->"
END = "<!-- bench:gateway:end -->"


def median(values):
    values = [v for v in values if v == v]  # drop NaN
    return statistics.median(values) if values else float("nan")


def machine():
    cores = os.cpu_count()
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cores} cores ({cpu}), {mem_kb / 1048576:.0f} GiB RAM, {platform.system()} {platform.release()}"


def round_ratios(mine, theirs):
    """Each round's figure over the other target's in the same round, in round order (rounds measured in only one are left out)."""
    return [mine[r] / theirs[r] for r in sorted(mine, key=int) if r in theirs and theirs[r] > 0]


def sign_test(hits, n):
    """Two-sided sign test: how likely a split at least this uneven is when each round is a coin toss
    (the two proxies alike, each ahead in half the rounds). Small (below 0.05): a real difference."""
    if n == 0:
        return float("nan")
    low = min(hits, n - hits)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(low + 1)) / 2 ** n)


def median_interval(ratios, level=0.95):
    """A distribution-free interval for the median of the rounds' ratios: the k-th smallest and the k-th
    largest of n, with k as large as the sign test allows while keeping the chance that the true median
    lies outside at most 1 - level (n = 6: the whole range; n = 12: 3rd to 10th; n = 24: 7th to 18th).
    None when there are too few rounds for any interval at that level (fewer than 6)."""
    n, xs = len(ratios), sorted(ratios)
    k = 0
    # Outside the interval: k or fewer rounds on one side of the median, which is sign_test(k, n).
    while k < n // 2 and sign_test(k, n) <= 1 - level:
        k += 1
    return (xs[k - 1], xs[n - k]) if k else None


def against(ratios, below, above):
    """The verdict of a target 'not worse than PgBouncer' from the rounds' ratios: `below` or `above` only
    when the whole interval of the median lies on that side of 1.00, level when it contains 1.00."""
    interval = median_interval(ratios)
    if interval is None:
        return "–", "too few rounds"
    lo, hi = interval
    cell = f"{median(ratios):.2f} [{lo:.2f}–{hi:.2f}]"
    return cell, above if lo > 1 else below if hi < 1 else "level"


def p_value(hits, n):
    """The sign test's p for a sentence: 'p = 0.23', or 'p < 0.01' rather than a bare 0.00."""
    p = sign_test(hits, n)
    return "p < 0.01" if p < 0.005 else f"p = {p:.2f}"


def per_round(ratios):
    """A table cell: each round's ratio in round order, then their median in bold."""
    return f"{' '.join(f'{x:.2f}' for x in ratios)} (**{median(ratios):.2f}**)" if ratios else "–"


def targets_section(verdicts):
    """The pass-through targets, row by row: TPS not below PgBouncer's, p99 not above, judged on the paired rounds."""
    lines = ["### Pass-through against its targets", "",
             "The targets: in every row, Phasegate's TPS (as a ratio to direct) not below PgBouncer's, and its p99 "
             "not above PgBouncer's; aiming at 0.75 of direct. Both comparisons are read from the paired rounds "
             "above: Phasegate's figure over PgBouncer's in the same round, the same comparison as their two "
             "ratios to direct without direct's own spread in between. Each cell gives the median over rounds and, in "
             "brackets, its 95 % interval: the k-th smallest to the k-th largest of the rounds' ratios, with k as "
             "the sign test gives it (whole range at 6 rounds, 3rd to 10th at 12, 7th to 18th at 24), so no "
             "assumption about how the ratios spread. A row is *behind* (or *longer*) only when the whole "
             "interval lies on the wrong side of 1.00, which would miss the target; *ahead* (*shorter*) when it "
             "lies on the right side; *level* when the rounds cannot tell the two proxies apart within the "
             "interval's width.", "",
             "| workload | mode | clients | TPS Phasegate / PgBouncer [95 %] | TPS | p99 Phasegate / PgBouncer [95 %] "
             "| p99 | ratio to direct, PgBouncer / Phasegate (aim 0.75) |",
             "|---|---|---|---|---|---|---|---|"]
    missed, better = [], []
    for w, m, c, rounds, tails, rb, rg in verdicts:
        tps_cell, tps = against(rounds, below="behind", above="ahead")
        p99_cell, p99 = against(tails, below="shorter", above="longer")
        row = f"{w} {m} -c {c}"
        judged = (("TPS", tps), ("p99", p99))
        worse = [f"{what} {v}" for what, v in judged if v in ("behind", "longer", "too few rounds")]
        ahead = [f"{what} {v}" for what, v in judged if v in ("ahead", "shorter")]
        missed += [f"{row} ({', '.join(worse)})"] if worse else []
        better += [f"{row} ({', '.join(ahead)})"] if ahead else []
        lines.append(f"| {w} | {m} | {c} | {tps_cell} | {tps} | {p99_cell} | {p99} | {rb:.2f} / {rg:.2f} |")
    lines.append("")
    verdict = ("missed or not judged in " + "; ".join(missed) if missed
               else "met in every row (none behind in TPS, none longer in p99)")
    reached = sum(rg >= 0.75 for *_, rg in verdicts)
    why = (": on these two shared cores the second hop itself costs more than a quarter of direct's throughput, "
           "for PgBouncer and for a bare relay alike (see *The floor* under *Profiling and fixes*)"
           if reached < len(verdicts) else "")
    lines.append(f"Targets against PgBouncer: {verdict}. Measurably better: {'; '.join(better) if better else 'none'}. "
                 f"Phasegate at or above 0.75 of direct in {reached} of {len(verdicts)} rows{why}.")
    lines.append("")
    return lines


def floor_section(keys, rows, med, ratio):
    """BENCH_FLOOR=1: the bare io_uring relay (bench/floor) against PgBouncer and Phasegate, round by round."""
    lines = ["### The floor: a bare byte relay in Java on io_uring (`BENCH_FLOOR=1`)", "",
             "A fourth target in the same rounds: `bench/floor/RawRelay.java`, bytes from each client to its "
             "own upstream connection and back on one io_uring event loop, with no protocol, no Netty pipeline "
             "and no buffer allocated per read. What relaying alone costs in Java on this machine; Phasegate's "
             "distance to it is what its protocol handling and Netty's layers cost.", "",
             "| workload | mode | clients | floor TPS (ratio to direct) | floor / PgBouncer TPS, per round (median) "
             "| p99 floor / PgBouncer, per round (median) | Phasegate / floor TPS, per round (median) "
             "| proxy CPU µs per transaction, user + sys: PgBouncer / Phasegate / floor |",
             "|---|---|---|---|---|---|---|---|"]
    speed, tails = [], []
    for w, m, c in keys:
        f, b, g = (w, m, c, "floor"), (w, m, c, "pgbouncer"), (w, m, c, "phasegate")
        vs_bouncer = round_ratios(rows[f]["by_round"], rows[b]["by_round"]) if b in rows else []
        tail = round_ratios(rows[f]["p99_by_round"], rows[b]["p99_by_round"]) if b in rows else []
        gate = round_ratios(rows[g]["by_round"], rows[f]["by_round"]) if g in rows else []
        speed += vs_bouncer
        tails += tail
        cpu = " / ".join(f"{med((w, m, c, t), 'user'):.1f} + {med((w, m, c, t), 'sys'):.1f}"
                         for t in ("pgbouncer", "phasegate", "floor"))
        lines.append(f"| {w} | {m} | {c} | {med(f, 'tps'):.0f} ({ratio(f, (w, m, c, 'direct')):.2f}) "
                     f"| {per_round(vs_bouncer)} | {per_round(tail)} | {per_round(gate)} | {cpu} |")
    lines.append("")
    if speed:
        ahead = sum(x >= 1 for x in speed)
        below = sum(x <= 1 for x in tails)
        lines.append(f"Over all {len(speed)} rounds, the floor's TPS over PgBouncer's in the same round has a median "
                     f"of {median(speed):.2f}, level or ahead in {ahead} ({p_value(ahead, len(speed))}); "
                     f"its p99 over PgBouncer's {median(tails):.2f}, at or below in {below} of {len(tails)} "
                     f"({p_value(below, len(tails))}).")
        lines.append("")
    return lines


def main():
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("out")
    for name in ["duration", "rounds", "scale", "stream-rss-kb", "idle0-kb", "idlen-kb", "idle-sessions",
                 "idle0-heap-kb", "idlen-heap-kb", "idle0-direct-kb", "idlen-direct-kb",
                 "pg-version", "pgbouncer-version", "java-version", "phasegate", "command", "load",
                 "proxy-cpus", "load-cpus"]:
        p.add_argument("--" + name, default="")
    p.add_argument("--warmup", default="20")
    a = p.parse_args()

    rows = defaultdict(lambda: {"tps": [], "avg": [], "p99": [], "user": [], "sys": [], "by_round": {},
                                "p99_by_round": {}})
    stream = {}
    with open(a.results) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            rnd, target, workload, mode, clients, tps, avg, p99 = fields[:8]
            user, sys_ = (fields[8:10] + ["nan", "nan"])[:2]
            if workload == "stream":
                stream.setdefault(target, {})[rnd] = (float(tps), int(avg))
                continue
            key = (workload, mode, int(clients), target)
            rows[key]["tps"].append(float(tps or "nan"))
            rows[key]["by_round"][rnd] = float(tps or "nan")
            rows[key]["avg"].append(float(avg or "nan"))
            rows[key]["p99"].append(float(p99) if p99 not in ("", "nan", "-") else float("nan"))
            rows[key]["p99_by_round"][rnd] = rows[key]["p99"][-1]
            rows[key]["user"].append(float(user or "nan"))
            rows[key]["sys"].append(float(sys_ or "nan"))

    def med(key, field):
        return median(rows[key][field]) if key in rows else float("nan")

    def ratio(key, base):
        """The median over rounds of key's TPS over base's TPS in the same round (measured seconds apart)."""
        if key not in rows or base not in rows:
            return float("nan")
        pairs = round_ratios(rows[key]["by_round"], rows[base]["by_round"])
        return median(pairs) if pairs else float("nan")

    # bench/run.sh's targets_in_round: a Williams design, all six orders of three targets, four of four.
    with_floor = any(t == "floor" for (w, m, c, t) in rows)
    order = ("the four targets (with the floor) run each workload back to back, in an order that changes "
             "between rounds (four orders in turn, so over four rounds each target runs in each place, and right "
             "after each other target, once)" if with_floor else
             "the three targets run each workload back to back, in an order that changes between rounds (all "
             "six orders in turn, so over six rounds each target runs first, second and third, and right after "
             "each other target, equally often)")
    lines = [START, "", "## Gateway overhead (pgbench, direct vs PgBouncer vs Phasegate)", ""]
    lines.append(f"Command: `{a.command}` — first an unrecorded warm-up of every workload on every target "
                 f"(`BENCH_WARMUP`, {a.warmup} s each at `-c 32`), so the gateway is measured with its JIT "
                 f"compilation done, as a long-running gateway is; then {a.rounds} rounds of {a.duration} s per "
                 f"measurement; in each round {order}; before each TPC-B-like measurement the branch, teller and account tables "
                 "are vacuumed and the history emptied on PostgreSQL directly, as `pgbench -v` does before a run "
                 "(autovacuum is off for the tables the workloads write, so no worker starts inside one target's "
                 "run). TPS and "
                 "latencies are medians over rounds; each ratio is the median of the rounds' own ratios (figures "
                 "seconds apart, so the host's slow drifts cancel). "
                 f"`pgbench -i -s {a.scale}`; `-j 2`; everything on 127.0.0.1; each proxy in a session of its own "
                 "(`setsid`), outside the load generator's scheduling group, as a service runs. "
                 "PgBouncer's server pool is dropped before and after each of its runs, so every target starts "
                 "with fresh PostgreSQL backends and no other run's idle ones beside them (see *Pass-through* and "
                 "the twenty-first session under *Profiling and fixes*).")
    lines.append("")
    lines.append(f"Machine: {machine()}. {a.pg_version}; {a.pgbouncer_version} (session pooling); {a.java_version}"
                 + (f"; {a.phasegate}" if a.phasegate else "") + ".")
    if a.proxy_cpus:
        lines.append(f"The proxies ran on CPU {a.proxy_cpus} and PostgreSQL, pgbench and psql on CPU {a.load_cpus} "
                     "(`BENCH_PROXY_CPUS`): no proxy waited for a core behind the load. Direct PostgreSQL had only "
                     f"CPU {a.load_cpus}, so a ratio to direct can exceed 1 here; compare the proxies head to head.")
    else:
        lines.append("pgbench, PostgreSQL, the proxy and the client share the same cores, so a proxy's ratio here "
                     "is lower than on a machine where they do not.")
    if a.load:
        lines.append(f"Load average (1/5/15 min) when the run started: {a.load}; anything above ~1 means other work "
                     "shared the cores and the absolute figures are depressed (ratios, measured side by side with "
                     "rotation, are less affected).")
    lines.append("")
    lines.append("The column *Phasegate / PgBouncer* compares the two proxies head to head: the median over rounds "
                 "of Phasegate's TPS over PgBouncer's in the same round (1.00 = level), without direct's own "
                 "spread in between. The p99 columns do the same for latency: the medians of each target's p99, "
                 "then Phasegate's p99 over PgBouncer's in the same round (below 1.00 = Phasegate's tail is "
                 "shorter). A p99 moves with the host's throughput from one run to the next, so the paired ratio "
                 "is the comparison; the medians of unpaired figures carry the host's drift between them.")
    lines.append("")
    lines.append("| workload | mode | clients | direct TPS | PgBouncer TPS (ratio) | Phasegate TPS (ratio) "
                 "| Phasegate / PgBouncer, per round (median) "
                 "| p99 ms direct / PgBouncer / Phasegate | p99 Phasegate / PgBouncer, per round (median) "
                 "| mean ms direct / PgBouncer / Phasegate "
                 "| proxy CPU µs per transaction, user + sys: PgBouncer / Phasegate |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    head_to_head = []
    tail_to_tail = []
    verdicts = []
    keys = sorted({(w, m, c) for (w, m, c, t) in rows if w in ("select-only", "tpcb-like")},
                  key=lambda k: (k[0] != "select-only", k[2], ["simple", "extended", "prepared"].index(k[1])))
    for w, m, c in keys:
        d = med((w, m, c, "direct"), "tps")
        b = med((w, m, c, "pgbouncer"), "tps")
        g = med((w, m, c, "phasegate"), "tps")
        p99 = " / ".join(f"{med((w, m, c, t), 'p99'):.2f}" for t in ("direct", "pgbouncer", "phasegate"))
        avg = " / ".join(f"{med((w, m, c, t), 'avg'):.3f}" for t in ("direct", "pgbouncer", "phasegate"))
        cpu = " / ".join(f"{med((w, m, c, t), 'user'):.1f} + {med((w, m, c, t), 'sys'):.1f}"
                         for t in ("pgbouncer", "phasegate"))
        rb = ratio((w, m, c, "pgbouncer"), (w, m, c, "direct"))
        rg = ratio((w, m, c, "phasegate"), (w, m, c, "direct"))
        rounds = round_ratios(rows[(w, m, c, "phasegate")]["by_round"], rows[(w, m, c, "pgbouncer")]["by_round"])
        head_to_head += rounds
        vs = per_round(rounds)
        tails = round_ratios(rows[(w, m, c, "phasegate")]["p99_by_round"], rows[(w, m, c, "pgbouncer")]["p99_by_round"])
        tail_to_tail += tails
        lines.append(f"| {w} | {m} | {c} | {d:.0f} | {b:.0f} ({rb:.2f}) | {g:.0f} ({rg:.2f}) | {vs} | {p99} "
                     f"| {per_round(tails)} | {avg} | {cpu} |")
        verdicts.append((w, m, c, rounds, tails, rb, rg))
    lines.append("")
    if head_to_head:
        ahead = sum(x >= 1 for x in head_to_head)
        lines.append(f"Over all {len(head_to_head)} rounds of the table, Phasegate's TPS over PgBouncer's in the same "
                     f"round has a median of {median(head_to_head):.2f}; Phasegate was level or ahead in "
                     f"{ahead} of them (sign test: {p_value(ahead, len(head_to_head))}).")
        lines.append("")
    if tail_to_tail:
        not_above = sum(x <= 1 for x in tail_to_tail)
        lines.append(f"Over the same rounds, Phasegate's p99 over PgBouncer's in the same round has a median of "
                     f"{median(tail_to_tail):.2f}; Phasegate's was at or below PgBouncer's in "
                     f"{not_above} of {len(tail_to_tail)} (sign test: "
                     f"{p_value(not_above, len(tail_to_tail))}). The sign test asks "
                     "how likely so uneven a split of rounds is if the two proxies were alike; below 0.05 the "
                     "difference is real, above it this many rounds cannot tell them apart.")
        lines.append("")

    if verdicts:
        lines += targets_section(verdicts)

    floor_keys = [k for k in keys if (*k, "floor") in rows]
    if floor_keys:
        lines += floor_section(floor_keys, rows, med, ratio)

    managed = sorted({w for (w, m, c, t) in rows if w.startswith("managed-")})
    if managed:
        lines.append("### Managed-column workload (through Phasegate)")
        lines.append("")
        lines.append("pgbench custom script (`SELECT id, email, email_lower … WHERE id = :id` + "
                     "`UPDATE … SET email = … WHERE id = :id`, `-c 8`, `-M prepared` and `-M simple`) on a table whose "
                     "`email_lower` is managed (`up: lower(email)`), against the same script on an equivalent "
                     "unmanaged table, both through Phasegate in the same run. The ratio isolates what rewriting costs. With `-M simple` every statement carries its own literals, so "
                     "each text is new to the plan cache. Before each phase and mode an unrecorded warm-up runs the "
                     "managed script for `BENCH_MANAGED_WARMUP` seconds (30 by default) and the unmanaged one for "
                     f"`BENCH_WARMUP` ({a.warmup}), "
                     "so the JIT has compiled the rewriting path before anything is measured. Then "
                     f"{max(len(rows[k]['tps']) for k in rows if k[0] in managed)} rounds of {a.duration} s, each "
                     "running the two scripts back to back (which goes first alternates; the table a script writes is "
                     "vacuumed before it); TPS and CPU are medians "
                     "over rounds, the ratio is the median of the rounds' own ratios.")
        lines.append("")
        lines.append("| phase | mode | unmanaged table TPS | managed table TPS | ratio | target "
                     "| gateway CPU µs per transaction, user + sys: unmanaged / managed |")
        lines.append("|---|---|---|---|---|---|---|")
        targets = {"managed-write": "≥ 0.85", "managed-shadow": "≥ 0.75"}
        for w in managed:
            phase = w.split("-", 1)[1]
            for m in ("prepared", "simple"):
                if (w, m, 8, "phasegate") not in rows:
                    continue
                plain = med(("plain-" + phase, m, 8, "phasegate"), "tps")
                g = med((w, m, 8, "phasegate"), "tps")
                cpu = " / ".join(f"{med((k, m, 8, 'phasegate'), 'user'):.1f} + {med((k, m, 8, 'phasegate'), 'sys'):.1f}"
                                 for k in ("plain-" + phase, w))
                r = ratio((w, m, 8, "phasegate"), ("plain-" + phase, m, 8, "phasegate"))
                lines.append(f"| {phase} | {m} | {plain:.0f} | {g:.0f} | {r:.2f} | {targets.get(w, '')} "
                             f"| {cpu} |")
        lines.append("")

    if stream:
        lines.append("### Streaming a large result")
        lines.append("")
        lines.append("`COPY (SELECT g, repeat('x', 1000) FROM generate_series(…)) TO STDOUT` through `psql`, "
                     "output discarded.")
        lines.append("")
        lines.append(f"After one unrecorded stream per target (which counts its bytes; the timed streams go "
                     f"straight to `/dev/null`), {max(len(v) for v in stream.values())} rounds, "
                     "the order of targets changed between rounds as above; MB/s is the median over rounds, the ratio the "
                     "median of the rounds' own ratios.")
        lines.append("")
        lines.append("| target | bytes | MB/s | ratio to direct |")
        lines.append("|---|---|---|---|")
        mbps = {t: {r: run[0] for r, run in runs.items()} for t, runs in stream.items()}
        for t in ("direct", "pgbouncer", "phasegate"):
            if t in stream:
                ratios = round_ratios(mbps[t], mbps.get("direct", {}))
                nbytes = next(iter(stream[t].values()))[1]
                lines.append(f"| {t} | {nbytes} | {median(list(mbps[t].values())):.1f} "
                             f"| {median(ratios) if ratios else float('nan'):.2f} |")
        lines.append("")
        lines.append(f"Phasegate's peak RSS (VmHWM) after all streams: {int(a.stream_rss_kb) / 1024:.0f} MiB.")
        lines.append("")

    if a.idle_sessions and int(a.idle_sessions) > 0 and a.idlen_kb and int(a.idlen_kb) > 0:
        n = max(1, int(a.idle_sessions))
        per_rss = (int(a.idlen_kb) - int(a.idle0_kb)) / n
        heap0, heapn = int(a.idle0_heap_kb or 0), int(a.idlen_heap_kb or 0)
        direct0, directn = int(a.idle0_direct_kb or 0), int(a.idlen_direct_kb or 0)
        per_live = ((heapn - heap0) + (directn - direct0)) / n
        lines.append("### Idle-connection cost")
        lines.append("")
        lines.append(f"{a.idle_sessions} idle client sessions (each with its upstream connection) against none:")
        lines.append("")
        lines.append("| measure | no client | with the sessions | per session |")
        lines.append("|---|---|---|---|")
        lines.append(f"| live heap after a full GC | {heap0 / 1024:.1f} MiB | {heapn / 1024:.1f} MiB "
                     f"| {(heapn - heap0) / n:.1f} KiB |")
        lines.append(f"| Netty direct memory in use | {direct0 / 1024:.1f} MiB | {directn / 1024:.1f} MiB "
                     f"| {(directn - direct0) / n:.1f} KiB |")
        lines.append(f"| process RSS | {int(a.idle0_kb) / 1024:.0f} MiB | {int(a.idlen_kb) / 1024:.0f} MiB "
                     f"| {per_rss:.1f} KiB |")
        lines.append("")
        lines.append(f"Per idle session: ≈ {per_live:.1f} KiB of live heap and direct memory (target ≤ 64 KiB). "
                     "RSS barely moves because the heap is committed up front (`-Xms256m`).")
        lines.append("")
    lines.append(END)
    section = "\n".join(lines)

    text = open(a.out).read() if os.path.exists(a.out) else "# Benchmarks\n"
    if START in text and END in text:
        before = text[: text.index(START)]
        after = text[text.index(END) + len(END):]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(a.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
