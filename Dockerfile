# The arshif image used by docker-compose.yml for every Airflow component and crawl worker.
FROM python:3.11-slim
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1
WORKDIR /opt/arshif
COPY constraints/constraints.txt constraints/constraints.txt
COPY pyproject.toml README.md ./
COPY arshif arshif
COPY spiders spiders
COPY storage storage
COPY dags dags
RUN python -m pip install -q --upgrade pip==26.3 \
 && python -m pip install -q -c constraints/constraints.txt . \
 && python -m pip check
ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/arshif/dags
USER 50000
