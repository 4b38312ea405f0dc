#!/usr/bin/env python3
"""A stand-in for Claude Code in stream-json mode, for the UI benchmark: it reads its prompt on stdin,
announces itself, then prints EVENTS tool-use events at RATE per second (each one becomes an activity
update in anpm), then a successful result. Pacing is in 10 ms slices so a high rate stays a steady
stream rather than one burst. When STATS is set, it appends "<events> <first> <last>" (epoch seconds)
to that file so the benchmark knows the rate it really produced.

Usage: stream-agent.py EVENTS RATE [STATS]
"""

import json
import sys
import time

events, rate = int(sys.argv[1]), float(sys.argv[2])
stats = sys.argv[3] if len(sys.argv) > 3 else None
sys.stdin.read()
out = sys.stdout
out.write(json.dumps({"type": "system", "subtype": "init", "model": "bench", "session_id": "bench"}) + "\n")
out.flush()
tools = ["Read", "Grep", "Edit", "Bash", "Write"]
slice_s = 0.01
per_slice = max(1, round(rate * slice_s))
start = time.time()
sent = 0
while sent < events:
    n = min(per_slice, events - sent)
    lines = []
    for i in range(n):
        block = {"type": "tool_use", "name": tools[(sent + i) % len(tools)]}
        lines.append(json.dumps({"type": "assistant", "message": {"content": [block]}}))
    out.write("\n".join(lines) + "\n")
    out.flush()
    sent += n
    due = start + sent / rate
    pause = due - time.time()
    if pause > 0:
        time.sleep(pause)
end = time.time()
if stats:
    with open(stats, "a") as f:
        f.write(f"{sent} {start:.6f} {end:.6f}\n")
answer = {"files": [], "test_instructions": "none", "risks": [], "followups": []}
result = {"type": "result", "subtype": "success", "is_error": False, "result": json.dumps(answer), "num_turns": 1,
          "total_cost_usd": 0.0, "usage": {"input_tokens": 1, "output_tokens": 1}}
out.write(json.dumps(result) + "\n")
out.flush()
