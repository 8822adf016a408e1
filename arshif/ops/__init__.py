"""Operations: which sites a run crawls (schedule.py), what in a run's figures needs a person
(health.py), and how that person is told (alerts.py)."""
