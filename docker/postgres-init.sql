-- arshif's catalog lives beside Airflow's metadata in the same PostgreSQL server.
CREATE USER arshif WITH PASSWORD 'arshif';
CREATE DATABASE arshif OWNER arshif;
