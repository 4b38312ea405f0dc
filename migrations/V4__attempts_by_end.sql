-- attempts_by_end: the dashboard's daily throughput reads attempts by the day they ended.
CREATE INDEX dispatch_attempts_ended ON dispatch_attempts (ended_at);
