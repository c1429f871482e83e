package io.netbus.launcher.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.netbus.launcher.config.ClusterConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as a clustered node sees it: its Hazelcast members (kept in the instance's local
 * shared data by {@link NodeFactory}, so the node's parts find it without Vert.x internals). It
 * logs the members the node joined, warns when it is alone, reports each member that joins or
 * leaves by node name, and frees the name of a member that left or crashed in the
 * {@link NodeNames} registry.
 */
public record ClusterMembers(HazelcastInstance hazelcast, ClusterConfig config) implements Shareable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMembers.class);
  private static final String MAP = "netbus.cluster";
  private static final String KEY = "members";

  static void remember(Vertx vertx, HazelcastInstance hazelcast, ClusterConfig config) {
    vertx.sharedData().getLocalMap(MAP).put(KEY, new ClusterMembers(hazelcast, config));
  }

  /** The cluster of {@code vertx}; empty when the node runs standalone. */
  public static Optional<ClusterMembers> of(Vertx vertx) {
    return Optional.ofNullable((ClusterMembers) vertx.sharedData().<String, Shareable>getLocalMap(MAP).get(KEY));
  }

  /** This member's id in the registry. */
  public String localId() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** This member's cluster address, {@code host:port}. */
  public String localAddress() {
    return address(hazelcast.getCluster().getLocalMember());
  }

  /** Ids of the members the cluster has now. */
  public Set<String> memberIds() {
    return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
  }

  /**
   * Logs the cluster this node joined (one line, members by name where they have one) or warns
   * that it found nobody, then reports every later join and leave.
   */
  void watch(Vertx vertx, String self) {
    List<Member> members = new ArrayList<>(hazelcast.getCluster().getMembers());
    NodeNames.registry(vertx).onSuccess(names -> {
      if (members.size() <= 1) {
        List<String> others = config.members().stream()
            .filter(m -> !m.equals(localAddress()) && !m.equals(config.host() + ":" + config.port())).toList();
        LOG.warn("joined cluster '{}' as {} but found no other member{}: this node runs alone until one joins",
            config.name(), self, config.multicast() ? " (multicast)" : others.isEmpty()
                ? " (cluster.members lists only this node)" : " at " + String.join(", ", others));
      } else {
        LOG.info("joined cluster '{}' as {}: {} members: {}", config.name(), self, members.size(),
            members.stream().map(m -> describe(m, names)).collect(Collectors.joining(", ")));
      }
    });
    hazelcast.getCluster().addMembershipListener(new Listener(vertx));
  }

  /** A member as the log names it: {@code b 10.0.0.2:5701}, or its address before it has a name. */
  private static String describe(Member member, Map<String, String> names) {
    String id = member.getUuid().toString();
    return names.entrySet().stream().filter(e -> NodeNames.memberOf(e.getValue()).equals(id)).findFirst()
        .map(e -> e.getKey() + " " + address(member)).orElse(address(member));
  }

  static String address(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }

  /** Hazelcast calls this on its own threads; everything it does is asynchronous. */
  private final class Listener implements MembershipListener {

    private final Vertx vertx;

    Listener(Vertx vertx) {
      this.vertx = vertx;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      // named by the joiner itself once it holds its name (NodeNames announces it)
      LOG.debug("cluster member {} joined ({} members)", address(event.getMember()), event.getMembers().size());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      UUID gone = event.getMember().getUuid();
      NodeNames.forget(vertx, gone.toString()).onComplete(ar -> {
        String name = ar.succeeded() && ar.result() != null ? "node " + ar.result() + " (" + address(event.getMember())
            + ")" : "member " + address(event.getMember());
        LOG.info("{} left cluster '{}': {} member(s) remain", name, config.name(), event.getMembers().size());
      });
    }
  }
}
