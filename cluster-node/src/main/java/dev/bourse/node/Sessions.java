package dev.bourse.node;

import dev.bourse.schemas.orderentry.Role;
import io.aeron.cluster.service.ClientSession;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Open cluster sessions with their principal and token, and each account's sessions for reporting. The
 * principal and token are replicated state; the {@link ClientSession} handle is local to this node.
 */
final class Sessions
{
    /**
     * One open session.
     */
    static final class Session
    {
        final long clusterSessionId;
        final long account;
        final Role role;
        final long token;
        ClientSession clientSession;
        Session nextOfAccount;

        Session(final long clusterSessionId, final long account, final Role role, final long token)
        {
            this.clusterSessionId = clusterSessionId;
            this.account = account;
            this.role = role;
            this.token = token;
        }
    }

    private final Long2ObjectHashMap<Session> sessionsById = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Session> firstSessionByAccount = new Long2ObjectHashMap<>();

    Session get(final long clusterSessionId)
    {
        return sessionsById.get(clusterSessionId);
    }

    /**
     * The open session with this id, if the token is its own.
     *
     * @return the session, or null when the id is unknown or the token is wrong (a forged or stale message).
     */
    Session authenticate(final long clusterSessionId, final long token)
    {
        final Session session = sessionsById.get(clusterSessionId);
        return null != session && session.token == token ? session : null;
    }

    Session firstOfAccount(final long account)
    {
        return firstSessionByAccount.get(account);
    }

    void add(final Session session)
    {
        sessionsById.put(session.clusterSessionId, session);
        final Session first = firstSessionByAccount.get(session.account);
        if (null == first)
        {
            firstSessionByAccount.put(session.account, session);
        }
        else
        {
            Session last = first;
            while (null != last.nextOfAccount)
            {
                last = last.nextOfAccount;
            }
            last.nextOfAccount = session;
        }
    }

    Session remove(final long clusterSessionId)
    {
        final Session session = sessionsById.remove(clusterSessionId);
        if (null != session)
        {
            final Session first = firstSessionByAccount.get(session.account);
            if (first == session)
            {
                if (null == session.nextOfAccount)
                {
                    firstSessionByAccount.remove(session.account);
                }
                else
                {
                    firstSessionByAccount.put(session.account, session.nextOfAccount);
                }
            }
            else
            {
                Session previous = first;
                while (null != previous && previous.nextOfAccount != session)
                {
                    previous = previous.nextOfAccount;
                }
                if (null != previous)
                {
                    previous.nextOfAccount = session.nextOfAccount;
                }
            }
            session.nextOfAccount = null;
        }
        return session;
    }

    int size()
    {
        return sessionsById.size();
    }

    long[] sortedIds()
    {
        final long[] ids = new long[sessionsById.size()];
        int i = 0;
        for (final Session session : sessionsById.values())
        {
            ids[i++] = session.clusterSessionId;
        }
        Arrays.sort(ids);
        return ids;
    }
}
