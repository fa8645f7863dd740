# One image for the Rasa servers and the action server (docker-compose.yml, deploy/k8s/).
# The model is trained at build time from the data in this repository: nothing is downloaded
# when a container starts.
FROM python:3.10-slim-bookworm
ENV PYTHONUTF8=1 PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1
WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt
COPY . .
RUN rasa train --data nlu_data --domain domain.yml --config config.yml --out models \
    && useradd --system --home /app bot && mkdir -p /app/var && chown -R bot /app/var
USER bot
EXPOSE 5005 5055
# The compose file and the manifests pick the command: the Rasa server or the action server.
CMD ["sh", "-c", "exec rasa run --model models --endpoints deploy/endpoints.yml --credentials credentials.yml --port 5005 --enable-api --auth-token=\"$RASA_TOKEN\""]
