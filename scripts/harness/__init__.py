"""The real system started for a fault run (scripts/poison.py, scripts/chaos.py).

`system` starts the four services as processes on a database and a topic prefix of the run's own,
with an SMTP server and LINE/SMS stand-ins of its own, and kills, restarts and replicates them;
`api` talks to intake's API; `topics` produces to and reads whole topics; `database` runs read-only
checks with psql. Standard library plus confluent-kafka (already in the venv).
"""
