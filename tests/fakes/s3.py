"""A local S3 API server for tests: moto's server mode on loopback, in a thread.

`S3Server.start()` binds a free port on 127.0.0.1; `bucket(name)` creates a bucket and
returns the `S3Config` that reaches it. The server speaks the real S3 REST API, so the
code under test goes through boto3's HTTP client as it would against AWS or MinIO.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from models.storage import S3Config

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"

_names = itertools.count(1)


@dataclass
class S3Server:
    server: Any = None
    url: str = ""
    _clients: list[Any] = field(default_factory=list)

    def start(self) -> S3Server:
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def bucket(self, prefix: str = "") -> S3Config:
        """A new, empty bucket (a fresh name each time: tests share the server)."""
        name = f"bloxtr8-test-{next(_names)}"
        self.client().create_bucket(Bucket=name)
        return S3Config(
            bucket=name,
            endpoint_url=self.url,
            region=REGION,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
            prefix=prefix,
        )

    def keys(self, bucket: str) -> list[str]:
        answer = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in answer.get("Contents", []))
