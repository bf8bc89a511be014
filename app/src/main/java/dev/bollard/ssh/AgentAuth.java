package dev.bollard.ssh;

import com.hierynomus.sshj.key.KeyAlgorithm;
import java.io.IOException;
import java.util.LinkedList;
import java.util.Queue;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * Public-key authentication with a key held by ssh-agent: the agent signs, the private key never
 * leaves it. RSA keys are offered with the SHA-2 algorithms first, as OpenSSH does.
 */
final class AgentAuth extends AbstractAuthMethod {
    private final AgentClient agent;
    private final AgentClient.Identity identity;
    private Queue<String> algorithms;

    AgentAuth(AgentClient agent, AgentClient.Identity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
    }

    /** True for the key types this method can offer (not security keys or certificates). */
    static boolean supported(AgentClient.Identity id) {
        String t = id.type();
        return t.equals("ssh-ed25519") || t.equals("ssh-rsa") || t.startsWith("ecdsa-sha2-nistp");
    }

    private String algorithm() throws UserAuthException {
        if (algorithms == null) {
            algorithms = new LinkedList<>();
            try {
                for (KeyAlgorithm a : params.getTransport().getClientKeyAlgorithms(KeyType.fromString(identity.type()))) {
                    algorithms.add(a.getKeyAlgorithm());
                }
            } catch (TransportException e) {
                throw new UserAuthException("no algorithm for agent key " + identity.type(), e);
            }
        }
        String a = algorithms.peek();
        if (a == null) throw new UserAuthException("no algorithm left for agent key " + identity.type());
        return a;
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        return super.buildReq().putBoolean(signed).putString(algorithm()).putString(identity.blob());
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    @Override
    public void handle(Message msg, SSHPacket buf) throws UserAuthException, TransportException {
        if (msg != Message.USERAUTH_60) {
            super.handle(msg, buf);
            return;
        }
        // the server accepts this key: send the same request signed by the agent
        String algorithm = algorithm();
        SSHPacket req = request(true);
        byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(req).getCompactData();
        int flags = algorithm.equals("rsa-sha2-512") ? AgentClient.RSA_SHA2_512
                : algorithm.equals("rsa-sha2-256") ? AgentClient.RSA_SHA2_256 : 0;
        try {
            req.putString(agent.sign(identity.blob(), data, flags));
        } catch (IOException e) {
            throw new UserAuthException(e.getMessage(), e);
        }
        params.getTransport().write(req);
    }

    @Override
    public boolean shouldRetry() {
        if (algorithms == null) return false;
        algorithms.poll();
        return !algorithms.isEmpty();
    }

    @Override
    public String toString() {
        return "agent key " + identity.comment();
    }
}
