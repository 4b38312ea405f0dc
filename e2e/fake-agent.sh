#!/bin/sh
# A stand-in agent CLI for the end-to-end test: it reads its prompt on stdin, talks for a couple of
# seconds so the live terminal has something to show, then prints a result. A prompt mentioning
# FAIL-ME makes it fail the way a real CLI does when its login has expired, for the failure path (a usage
# limit would not do: anpm queues such a task again by itself for when the limit resets).
prompt=$(cat)
echo "fake agent: reading the task"
sleep 2
case "$prompt" in
  *FAIL-ME*)
    echo "Invalid API key · Please run /login" >&2
    exit 1
    ;;
esac
echo "fake agent: writing tests"
sleep 1
case "$prompt" in
  *"(by hand)"*)
    printf '%s\n' '{"files":[{"path":"docs/limiter.md","contents":"# Login rate limiter\n\nFive attempts a minute.\n"}],"test_instructions":"read it","risks":[],"followups":[]}'
    exit 0
    ;;
esac
printf '%s\n' '{"files":[{"path":"tests/e2e_written.rs","contents":"#[test]\nfn written_by_the_fake_agent() {}\n"}],"test_instructions":"cargo test","risks":[],"followups":[]}'
