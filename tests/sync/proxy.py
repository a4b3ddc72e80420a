"""A small TCP proxy that loses replies: it forwards each request to the server whole, waits
for the server's answer (so whatever the server did is committed), and then hangs up on the
client instead of passing it on. The client cannot tell whether its push was stored."""

from __future__ import annotations

import contextlib
import socket
import threading


class CuttingProxy:
    """Listens on 127.0.0.1 (``port``) and forwards to ``upstream_port``.

    ``cut(n, path)`` arms it: the next ``n`` replies to requests whose request line contains
    ``path`` are swallowed after the server has sent them.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self._to_cut = 0
        self._path = ""
        self.cut_count = 0
        self._closing = False
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)
        self._accept.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self, n: int, path: str = "/v1/push") -> None:
        with self._lock:
            self._to_cut, self._path = n, path

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self._listener.close()

    def _take_cut(self, request_line: bytes) -> bool:
        with self._lock:
            if self._to_cut > 0 and self._path.encode() in request_line:
                self._to_cut -= 1
                self.cut_count += 1
                return True
        return False

    def _serve(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._connection, args=(client,), daemon=True)
            thread.start()

    def _connection(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        state = {"request_line": b"", "cut": False}

        def upward() -> None:
            try:
                while True:
                    data = client.recv(65536)
                    if not data:
                        break
                    if data[:4] in (b"GET ", b"POST"):
                        state["request_line"] = data.split(b"\r\n", 1)[0]
                        state["cut"] = self._take_cut(state["request_line"])  # type: ignore[arg-type]
                    upstream.sendall(data)
            except OSError:
                pass
            finally:
                with contextlib.suppress(OSError):
                    upstream.shutdown(socket.SHUT_WR)

        up = threading.Thread(target=upward, daemon=True)
        up.start()
        try:
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                if state["cut"]:
                    # The server has answered, so the push is committed: drop the answer and
                    # the connection, as a flaky mobile link would.
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
