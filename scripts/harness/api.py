"""intake's API as the programme's parties use it: one keep-alive connection per thread."""
import http.client, json, threading, time


class TransportError(Exception):
    """No answer (intake down, connection cut): the caller decides whether to retry."""


class Unexpected(RuntimeError):
    """An answer other than the expected ones (4xx): `status` says which."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class API:
    # Longer than intake's 30 s wait for a retry whose key's first request is still running or died
    # claimed (IdempotencyMiddleware): a shorter timeout gives up before the 409 and retries for ever.
    def __init__(self, base_url, timeout=45):
        host_port = base_url.split("://", 1)[1].rstrip("/")
        self.host, _, port = host_port.partition(":")
        self.port = int(port or 80)
        self.timeout = timeout
        self.local = threading.local()

    def _connection(self):
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.local.connection = connection
        return connection

    def call(self, method, path, token, body=None, headers=None):
        """One request; returns (status, parsed JSON or None, headers). Raises TransportError."""
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        sent = {"Authorization": f"Bearer {token}", **(headers or {})}
        if data is not None:
            sent["Content-Type"] = "application/json"
        connection = self._connection()
        try:
            connection.request(method, path, body=data, headers=sent)
            answer = connection.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            self.local.connection = None
            raise TransportError(f"{method} {path}: {error}") from error
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return answer.status, parsed, dict(answer.getheaders())

    def must(self, method, path, token, body=None, headers=None, expect=(200, 201, 202), retry_for=120):
        """A call that must succeed: transport errors and 5xx are retried (same Idempotency-Key, if any) for
        up to `retry_for` seconds; any other unexpected status is an error naming the answer."""
        deadline = time.monotonic() + retry_for
        while True:
            try:
                status, parsed, _ = self.call(method, path, token, body, headers)
                if status in expect:
                    return parsed
                if status < 500:
                    raise Unexpected(f"{method} {path} answered {status}: {parsed}", status)
                problem = f"answered {status}"
            except TransportError as error:
                problem = str(error)
            if time.monotonic() > deadline:
                raise RuntimeError(f"{method} {path} failed for {retry_for} s: {problem}")
            time.sleep(0.5)
