package dev.kintsugi.server;

/**
 * People's decisions on runbook runs that wait for approval, as the dashboard takes them. The
 * runtime module carries them out; it offers an implementation through {@link
 * ServerExtension.Context#approvals()} when it starts. Without one the dashboard shows runs
 * read-only.
 *
 * <p>Stable API.
 */
public interface RuntimeApprovals {

  /**
   * {@code who} approves run {@code run}: its actions go ahead.
   *
   * @return false when no such run awaits approval
   */
  boolean approve(long run, String who);

  /**
   * {@code who} rejects run {@code run} for {@code reason}: it ends, nothing done.
   *
   * @return false when no such run awaits approval
   */
  boolean reject(long run, String who, String reason);
}
