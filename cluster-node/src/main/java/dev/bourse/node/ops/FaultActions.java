package dev.bourse.node.ops;

/**
 * How the drill acts on a member's process: the local cluster's processes through their pid files, or a configured
 * cluster's through command templates ({@link CommandFaultActions}).
 */
interface FaultActions
{
    /**
     * SIGKILL the member and wait until its process is gone.
     *
     * @param memberId the member.
     */
    void kill(int memberId);

    /**
     * SIGTERM the member and wait until it has stopped.
     *
     * @param memberId the member.
     */
    void stop(int memberId);

    /**
     * Start the member again (after a crash the node itself waits for its old mark files to go stale).
     *
     * @param memberId the member.
     */
    void start(int memberId);

    /**
     * SIGSTOP the member's process.
     *
     * @param memberId the member.
     */
    void pause(int memberId);

    /**
     * SIGCONT the member's process.
     *
     * @param memberId the member.
     */
    void resume(int memberId);
}
