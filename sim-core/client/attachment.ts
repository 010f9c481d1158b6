// The client's terminal handed to a shell in a container (`docker run -it`, `docker exec -it`):
// while it is attached, each line typed goes to that shell instead of the client's own.

export interface ClientAttachment {
  daemonId: string;
  containerId: string;
  /** The attached shell: the container's main process, or the process `docker exec -it` made. */
  shellPid: number;
  /** True for the container's main shell: its `exit` ends the container. */
  main: boolean;
  /** The shell's working directory, which `cd` changes for later lines. */
  cwd: string;
  /** As given to run -u / exec -u ('' for the image's user). */
  user: string;
  /** exec -e variables, for the exec'd shell's commands. */
  env: string[];
  /** The shell runs as uid 0, which busybox's prompt shows as '#'. */
  root: boolean;
}

/** busybox sh's default prompt (PS1 '\w \$ '): the directory, then '#' for root or '$'. */
export function attachedPrompt(attachment: {
  readonly cwd: string;
  readonly root: boolean;
}): string {
  return `${attachment.cwd} ${attachment.root ? '#' : '$'} `;
}
