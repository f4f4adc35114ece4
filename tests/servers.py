"""Real servers on loopback for the tests: Redis (redis-server) and S3 (moto in server mode).

Each is started on a free port by the test that needs it and stopped after it. Nothing
listens beyond 127.0.0.1.
"""

import os
import secrets
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def outside_env() -> dict[str, str]:
    """The environment for a helper server: without libfaketime, which CI preloads to move
    the suite's clock; redis-server's event loop stalls under it, and the servers are not
    what the moved clock is meant to test."""
    return {
        key: value
        for key, value in os.environ.items()
        if key != "LD_PRELOAD" and not key.startswith("FAKETIME")
    }


def _wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port} within {seconds} s")


class RedisServer:
    """A throwaway redis-server: no persistence, loopback only; stop() and start() again
    on the same port to play an outage."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=outside_env(),
        )
        _wait_for_port(self.port, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@contextmanager
def redis_server():
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def s3_server(bucket: str = "samspill-test"):
    """moto's S3 in server mode on a loopback port, with one empty bucket (a fresh name each
    time: moto keeps its buckets per process, not per server)."""
    bucket = f"{bucket}-{secrets.token_hex(4)}"
    moto_server = pytest.importorskip("moto.server")
    import boto3

    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        client.create_bucket(Bucket=bucket)
        yield {
            "endpoint": endpoint,
            "bucket": bucket,
            "client": client,
            "env": {
                "SAMSPILL_S3_BUCKET": bucket,
                "SAMSPILL_S3_ENDPOINT_URL": endpoint,
                "SAMSPILL_S3_REGION": "us-east-1",
                "SAMSPILL_S3_ACCESS_KEY_ID": "test",
                "SAMSPILL_S3_SECRET_ACCESS_KEY": "test",
            },
        }
    finally:
        server.stop()


def bucket_storage_options(s3: dict) -> dict:
    return {
        "bucket_name": s3["bucket"],
        "endpoint_url": s3["endpoint"],
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "addressing_style": "path",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 60,
    }
