# Bloxtr8: one image for every role (`bloxtr8 run`, `bloxtr8 web`, `bloxtr8 db upgrade`).
# Build: docker build -t bloxtr8 .   Run: see compose.yaml and the README's "Running it in
# containers". Without a registry: --build-arg PYTHON_IMAGE="$(deploy/local-base.sh)", a
# base made from Debian's own packages (python3 3.11 of bookworm, as in the default).

# Both stages start from the same Python 3.11 on Debian bookworm, whose interpreter the
# virtualenv is made with and then runs on.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the pinned, hashed dependencies, then bloxtr8 itself, into a virtualenv ---------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/bloxtr8
ENV PATH=/opt/bloxtr8/bin:$PATH
WORKDIR /src
# The runtime lock first (bloxtr8's own dependencies, pinned and hashed as in
# requirements.lock, without the test, lint and demo tools): the dependency layer is rebuilt
# only when it changes.
COPY requirements-runtime.lock ./
RUN pip install --require-hashes -r requirements-runtime.lock
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY models ./models
COPY migrations ./migrations
# Everything bloxtr8 needs came from the lock: no resolver run here.
RUN pip install --no-deps --no-build-isolation . \
    && bloxtr8 --version

# --- runtime: the virtualenv and an unprivileged user -------------------------------------
FROM ${PYTHON_IMAGE}
ENV PATH=/opt/bloxtr8/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATA_DIR=/var/lib/bloxtr8 \
    WEB_HOST=0.0.0.0 \
    WEB_PORT=8080 \
    LOG_FORMAT=json
RUN groupadd --system --gid 10001 bloxtr8 \
    && useradd --system --uid 10001 --gid bloxtr8 --home-dir /var/lib/bloxtr8 \
        --shell /usr/sbin/nologin bloxtr8 \
    && mkdir -p /var/lib/bloxtr8 \
    && chown bloxtr8:bloxtr8 /var/lib/bloxtr8
COPY --from=build /opt/bloxtr8 /opt/bloxtr8
USER 10001:10001
WORKDIR /var/lib/bloxtr8
VOLUME ["/var/lib/bloxtr8"]
EXPOSE 8080
# Alive = the web server answers (readiness, for a load balancer, is /readyz).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('WEB_PORT', '8080') + '/healthz', timeout=4)"]
ENTRYPOINT ["bloxtr8"]
CMD ["run"]
