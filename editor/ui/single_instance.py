"""One editor window per user: a later ``post-editor PATH`` opens PATH in it.

The running editor listens on a local socket that only its user can reach (a
socket file in a folder of mode 0700 under ``$XDG_RUNTIME_DIR``, or the
temporary folder; a per-user pipe name with user-only access elsewhere). A
second invocation sends its paths as one JSON line, waits for ``ok`` and exits.
A socket file left behind by a crash answers nobody; it is removed and the new
editor takes its place.
"""

from __future__ import annotations

import getpass
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from editor.core.identity import DIR_NAME

CONNECT_MS = 500
REPLY_MS = 1500
MAX_MESSAGE = 1 << 20


def _private_folder(base: Path) -> Path | None:
    """``base/post-editor``, created 0700; None unless it is ours and nobody else's."""
    folder = base / DIR_NAME
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def server_name() -> str | None:
    """Where this user's editor listens, or None when no private place can be had."""
    if sys.platform == "win32":
        return f"{DIR_NAME}-{getpass.getuser()}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = (
        Path(runtime)
        if runtime and os.path.isabs(runtime)
        else Path(tempfile.gettempdir()) / f"{DIR_NAME}-{os.getuid()}"
    )
    folder = _private_folder(base)
    return str(folder / "instance") if folder else None


def send_to_running(paths: list[str], name: str | None = None) -> bool:
    """Hand ``paths`` to the running editor; False when there is none (or it did not answer)."""
    name = name or server_name()
    if name is None:
        return False
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(QByteArray(json.dumps({"paths": paths}).encode("utf-8") + b"\n"))
    socket.flush()
    reply = b""
    while b"\n" not in reply and socket.waitForReadyRead(REPLY_MS):
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return reply.startswith(b"ok")


class InstanceServer(QObject):
    """Listens for later invocations; ``pathsReceived`` carries the absolute paths they name."""

    pathsReceived = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; False when another live editor already does (or there is no
        private place to listen in), and this one then works alone."""
        if self.name is None:
            return False
        # Ask first: with user-only access Qt binds elsewhere and renames the socket into
        # place, so listening would silently take the name from a live editor.
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(CONNECT_MS):
            probe.disconnectFromServer()
            return False  # someone is there: --new-instance
        QLocalServer.removeServer(self.name)  # nobody: a stale socket left by a crash, if any
        return self._server.listen(self.name)

    def is_listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_MESSAGE:
                socket.abort()
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            message = json.loads(line)
            paths = [str(p) for p in message["paths"] if isinstance(p, str)]
        except (ValueError, KeyError, TypeError):
            socket.write(QByteArray(b"error\n"))
            socket.disconnectFromServer()
            return
        socket.write(QByteArray(b"ok\n"))
        socket.flush()
        socket.disconnectFromServer()
        self.pathsReceived.emit(paths)
