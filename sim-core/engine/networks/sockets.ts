// Listening sockets. A server in a container (nginx, httpd, busybox httpd, nc -l) binds a TCP
// port on every address of its network namespace; a client in the same namespace (127.0.0.1) or
// on a shared network (the container's address) connects to it. The socket belongs to the
// container's process and closes when the process ends.

/** What the process behind a socket does with a connection. */
export type SocketService =
  /** nc -l: sends what its stdin holds, prints what it receives; without -k it ends after one. */
  | { kind: 'reply'; text: string; keepListening: boolean }
  /** An HTTP server serving files under `root` (nginx, Apache httpd, busybox httpd). */
  | { kind: 'http'; server: 'nginx' | 'apache' | 'busybox'; root: string };

export interface ListeningSocket {
  port: number;
  proto: 'tcp';
  /** Host PID of the listening process. */
  pid: number;
  service: SocketService;
}

/** What a program asks for: the PID is the engine's to fill in. */
export type ListenRequest = Omit<ListeningSocket, 'pid'>;
