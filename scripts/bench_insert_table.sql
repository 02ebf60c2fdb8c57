-- The table pgbench inserts into in the benchmarks (scripts/bench_intake.sh, scripts/bench_pipeline.py).
CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, payload jsonb NOT NULL,
                                         created_at timestamptz NOT NULL DEFAULT now());
