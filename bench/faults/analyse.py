#!/usr/bin/env python3
"""One scenario of the fault drill (bench/faults.sh), judged from the target's side.

Reads nginx's log ("<msec> <clOrdId> <status>" per request), the run's summary as Hammer reports it
(GET /api/runs/{id}) and the drill's events ("<name> <epoch ms>" per line: posted, fault, back, done).
Prints the rate at the target per second, the worst 1 s windows, the time from the fault to resumed
delivery, latency and send delay as Hammer reports them, lost orders and duplicates, and a PASS or
MISS line per goal of issue 12. Appends one tab-separated line to the results file for the summary
table. Standard library only.
"""
import argparse
import bisect
import json
import re
import sys
from collections import Counter

RESUMED = 0.80          # delivery has resumed when a second holds at least this share of the asked rate
WARM_UP = 5.0           # the first seconds of a run are left out of the window goals (issue 12)


def read_arrivals(log_path, run_id):
    """Arrival times (s) of the run's requests at the target, sorted, and the count per order id."""
    prefix = run_id + "-"
    times, ids = [], Counter()
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            parts = line.split()
            if len(parts) >= 2 and parts[1].startswith(prefix):
                times.append(float(parts[0]))
                ids[parts[1]] += 1
    times.sort()
    return times, ids


def read_events(path):
    events = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            name, millis = line.split()
            events.setdefault(name, int(millis) / 1000.0)
    return events


def find_keys(node, pattern, path=""):
    """Every (path, value) in the JSON whose key matches pattern: the fleet work's send delay and service time."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else key
            if re.search(pattern, key, re.IGNORECASE):
                found.append((here, value))
            else:
                found.extend(find_keys(value, pattern, here))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(find_keys(value, pattern, f"{path}[{i}]"))
    return found


def describe(value):
    if isinstance(value, dict):
        return " ".join(f"{k} {v}" for k, v in value.items() if not isinstance(v, (dict, list)))
    return str(value)


def percentile_of(value, names):
    """value[name] for the first name present, from a latency-like object or a plain number."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        for name in names:
            if isinstance(value.get(name), (int, float)):
                return float(value[name])
    return None


def ms(value):
    """A latency in ms as a person reads it: 0.31 ms, 38 ms, 56.2 s."""
    if not isinstance(value, (int, float)):
        return "n/a"
    if value >= 1000:
        return f"{value / 1000:.1f} s"
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def count_in(times, start, end):
    return bisect.bisect_left(times, end) - bisect.bisect_left(times, start)


def resumed_after(times, since, reference):
    """The first arrival >= since from which the target got >= RESUMED x reference within one second."""
    for i in range(bisect.bisect_left(times, since), len(times)):
        if count_in(times, times[i], times[i] + 1.0) >= RESUMED * reference:
            return times[i]
    return None


def low_seconds(times, start, reference, end):
    """The whole seconds from start (offsets) in which the target got < RESUMED x reference, up to end."""
    low = []
    k = 0
    while start + k + 1 <= end:
        if count_in(times, start + k, start + k + 1) < RESUMED * reference:
            low.append(k)
        k += 1
    return low


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--scenario", required=True)
    args.add_argument("--rate", type=float, required=True)
    args.add_argument("--log", required=True)
    args.add_argument("--run", required=True, help="the run's summary JSON")
    args.add_argument("--events", required=True)
    args.add_argument("--results", required=True)
    args.add_argument("--catch-up-factor", type=float, default=2.0)
    a = args.parse_args()

    with open(a.run, encoding="utf-8") as f:
        run = json.load(f)
    run_id = run["runId"]
    events = read_events(a.events)
    times, ids = read_arrivals(a.log, run_id)
    asked = a.rate
    out = []
    say = out.append

    if not times:
        print(f"no request of run {run_id} reached the target (log {a.log})", file=sys.stderr)
        return 2
    first, last = times[0], times[-1]
    fault = events.get("fault")
    back = events.get("back")
    rel = lambda t: None if t is None else t - first

    # Rate per second at the target, from the first arrival; the last second is partial.
    seconds = int(last - first) + 1
    per_second = [count_in(times, first + s, first + s + 1) for s in range(seconds)]
    fault_second = int(rel(fault)) if fault and fault >= first else None
    back_second = int(rel(back)) if back and back >= first else None
    say(f"rate at the target, orders/s from the first arrival (asked {asked:.0f}/s); 10 s a line,"
        f" * fault{', ^ return/joined' if back_second is not None else ''}")
    for row in range(0, seconds, 10):
        cells = []
        for s in range(row, min(row + 10, seconds)):
            mark = "*" if s == fault_second else "^" if s == back_second else " "
            cells.append(f"{mark}{per_second[s]:>5}")
        say(f"  +{row:>3}s {' '.join(cells)}")

    # Whole seconds after the warm-up, the last (partial) second left out.
    # The last second is partial: it may hold too few orders (not judged for the low), never too many
    # (judged for the high: an unbounded catch-up often lands there).
    judged = per_second[int(WARM_UP):max(int(WARM_UP), seconds - 1)]
    low = min(judged) / asked if judged else None
    high = max(per_second[int(WARM_UP):]) / asked if seconds > WARM_UP else None
    gaps = [b - a for a, b in zip(times, times[1:]) if a >= first + WARM_UP]
    silence = max(gaps) if gaps else 0.0
    pct = lambda r: "n/a" if r is None else f"{100 * r:.0f} %"
    say(f"worst 1 s window after the first {WARM_UP:.0f} s: lowest {pct(low)}, highest {pct(high)} of the asked rate;"
        f" longest silence at the target {silence:.2f} s")

    # The drill means something only if the fleet kept the asked rate before the fault (or all along, in steady).
    calm_end = fault if fault and fault > first + WARM_UP + 1 else last
    calm = count_in(times, first + WARM_UP, calm_end) / max(calm_end - first - WARM_UP, 1e-9) / asked
    say(f"{'before the fault' if fault else 'over the run'}, from +{WARM_UP:.0f} s: {pct(calm)} of the asked rate on average"
        + ("" if calm >= 0.95 else " -- BELOW the asked rate: the fleet (or the machine) cannot keep it,"
           " so the figures below say more about the machine than about the fault"))
    # Delivery has resumed at 80 % of the asked rate; on a machine that could not keep it, of what it kept before.
    reference = asked if calm >= 0.95 else max(calm * asked, 1.0)
    ref_text = "the asked rate" if reference == asked else f"the {reference:.0f}/s kept before the fault"

    # From the fault (and from the broker's or Redis's return) to resumed delivery.
    resumed_s = None
    back_resumed_s = None
    if fault:
        # A scale-up's effect starts when the new consumer is up, the others' at the fault.
        start = back if a.scenario == "scale-up" and back else fault
        # Delivery has resumed after the last short second (a kill's effect may come 45 s later, at the
        # session timeout); the last, partial second of the run is not judged.
        short = low_seconds(times, start, reference, last)
        if not short:
            resumed_s = 0.0
            say(f"after the fault (+{rel(fault):.1f} s): delivery never fell below 80 % of {ref_text}")
        else:
            resumed_s = start + short[-1] + 1 - fault
            say(f"after the fault (+{rel(fault):.1f} s): {len(short)} seconds below 80 % of {ref_text}, the first"
                f" {start + short[0] - fault:+.0f} s, the last ending {resumed_s:+.0f} s (resumed {resumed_s:.0f} s after the fault)")
        if back:
            after = bisect.bisect_left(times, back)
            first_after = f"{times[after] - back:.2f} s" if after < len(times) else "none"
            what = {"broker": "the broker back", "redis": "Redis back", "scale-up": "the third consumer up",
                    "scale-down": "the stopped consumer gone"}.get(a.scenario, "back")
            say(f"{what} at +{rel(back):.1f} s ({back - fault:.1f} s after the fault): next order at the target"
                f" {first_after} later", )
            if a.scenario in ("broker", "redis"):
                resumed = resumed_after(times, back, reference)
                back_resumed_s = None if resumed is None else resumed - back
                say(f"  80 % of {ref_text} {'never' if resumed is None else f'{back_resumed_s:.1f} s'} after the return")
                # Fetched records keep some delivery going, in bursts, while the broker is away: if most
                # seconds of the outage fell short, delivery resumed only after the return.
                outage = [count_in(times, t, t + 1) for t in (fault + k for k in range(int(back - fault)))]
                if outage and sum(c < RESUMED * reference for c in outage) >= len(outage) / 2:
                    resumed_s = None if resumed is None else resumed - fault

    latency = run.get("latency") or {}
    p99, p999 = latency.get("p99"), latency.get("p999")
    say(f"latency from the intended time (Hammer): p50 {ms(latency.get('p50'))}, p90 {ms(latency.get('p90'))},"
        f" p99 {ms(p99)}, p99.9 {ms(p999)}, max {ms(latency.get('max'))};"
        f" histogram count {latency.get('count')} vs delivered {run.get('delivered')}")

    send_delay = find_keys(run, r"send.?delay")
    service_time = find_keys(run, r"service.?time")
    for label, found in (("send delay", send_delay), ("service time", service_time)):
        say(f"{label}: " + ("n/a (not in the run's JSON)" if not found else
                            "; ".join(f"{path}: {describe(value)}" for path, value in found)))
    send_p99 = next((v for v in (percentile_of(value, ["p99"]) for _, value in send_delay) if v is not None), None)
    send_max = next((v for v in (percentile_of(value, ["max"]) for _, value in send_delay) if v is not None), None)

    generated = int(run.get("generated", 0))
    dead = int(run.get("deadLettered", 0))
    distinct = len(ids)
    requests = len(times)
    dup_target = requests - distinct
    dup_hammer = int(run.get("duplicates", 0))
    finished = run.get("state") == "DONE"
    # Only a finished run has lost orders; an unfinished one has orders still on their way.
    lost = generated - distinct - dead if finished else None
    say(f"orders: generated {generated}, distinct at the target {distinct}, dead-lettered {dead} -> "
        + (f"lost {lost}" if finished else f"run not finished ({run.get('state')}): {generated - distinct - dead} without an outcome"))
    say(f"duplicates: at the target {dup_target}, counted by Hammer {dup_hammer}"
        f" ({'equal' if dup_target == dup_hammer else f'{dup_target - dup_hammer:+d} at the target'})")
    submitted = run.get("submitted")
    delivered_distinct = run.get("deliveredDistinct")
    check_ok = requests == submitted and distinct == delivered_distinct
    say(f"script check: requests at nginx {requests} vs Hammer's requests to target {submitted};"
        f" distinct at nginx {distinct} vs delivered distinct {delivered_distinct}:"
        f" {'agree' if check_ok else 'DIFFER'}{'' if finished else ' (the run is not finished: outcomes still coming)'}")
    if run.get("problems"):
        say("Hammer's accounting problems: " + "; ".join(run["problems"]))

    # The goals of issue 12 that apply to this scenario.
    goals = []
    verdict = lambda ok: "n/a " if ok is None else "PASS" if ok else "MISS"
    def goal(text, ok, actual):
        goals.append((verdict(ok), text, actual))
    s = a.scenario
    # A third consumer that came up only after the run's last order saw no scale-up (a slow start on a busy box).
    void = s == "scale-up" and (not back or back >= last)
    if void:
        say("the third consumer was not up before the run's last order: no scale-up happened, its goals are n/a")
    if s in ("scale-up", "scale-down"):
        goal("no 1 s window below 80 % or above 150 % of the asked rate after the first 5 s",
             None if void else low is not None and low >= 0.80 and high <= 1.50, f"{pct(low)} .. {pct(high)}")
        goal("p99 at most 3 s", None if void else p99 is not None and p99 <= 3000, f"p99 {ms(p99)}")
    if s == "kill":
        goal("delivery never stops (longest silence at the target under 1 s)", silence < 1.0, f"{silence:.2f} s")
        goal("p99 at most 12 s", p99 is not None and p99 <= 12000, f"p99 {ms(p99)}")
    if s == "broker":
        goal("delivery resumes within 3 s of the broker's return",
             back_resumed_s is not None and back_resumed_s <= 3.0,
             "never" if back_resumed_s is None else f"{back_resumed_s:.1f} s")
        # 2 % for the jitter of whole-second counts: an exact 2x catch-up counts 8,004 in some seconds.
        goal(f"catch-up within the policy (no second above {a.catch_up_factor:g} x the asked rate)",
             high is not None and high <= a.catch_up_factor * 1.02, f"highest {pct(high)}")
    if s == "steady":
        goal("Hammer's send delay p99 at most 1 ms", None if send_p99 is None else send_p99 <= 1.0,
             "n/a (no send delay in the run's JSON)" if send_p99 is None else f"p99 {ms(send_p99)}")
    goal("nothing lost", lost == 0, f"lost {lost}" if finished else f"run not finished ({run.get('state')})")
    if s == "steady":
        # An unfinished run's counts lag behind the requests still in flight: the check needs a finished run.
        goal("drill self-check: nginx's counts equal Hammer's (requests, distinct orders)",
             check_ok if finished else None,
             f"{requests}/{submitted}, {distinct}/{delivered_distinct}")
    for v, text, actual in goals:
        say(f"{v}  {text}: {actual}")

    print("\n".join(out))
    seconds_or_never = lambda v: "never" if v is None else f"{v:.1f}"
    resumed_cell = "-" if not fault or void else seconds_or_never(resumed_s)
    if s in ("broker", "redis") and back:
        resumed_cell += f" ({seconds_or_never(back_resumed_s)} after return)"
    with open(a.results, "a", encoding="utf-8") as results:
        results.write("\t".join([
            s, f"{asked:.0f}", pct(low), pct(high),
            resumed_cell,
            ms(p99), ms(p999), ms(send_max), "unfinished" if lost is None else str(lost), f"{dup_target}/{dup_hammer}",
            " ".join(v for v, _, _ in goals)]) + "\n")
    return 1 if any(v == "MISS" for v, _, _ in goals) else 0


if __name__ == "__main__":
    sys.exit(main())
