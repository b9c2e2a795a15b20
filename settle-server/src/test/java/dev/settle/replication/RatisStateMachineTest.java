package dev.settle.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.replication.ReplicationUnavailableException.Reason;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter alone: what it passes to the state machine, what it passes over, and what it refuses to hide. */
class RatisStateMachineTest {
    @TempDir
    Path dir;

    @Test
    void entriesTheStateAlreadyHoldsArePassedOverAndTheirReplyMarkedReplayed() {
        ChainStateMachine chain = new ChainStateMachine(dir);
        chain.apply(1, new byte[] {1});
        chain.apply(2, new byte[] {2});
        RatisStateMachine adapter = new RatisStateMachine(3, chain);

        ByteString replayed = adapter.applyTransaction(transaction(adapter, 2, new byte[] {2})).join().getContent();
        assertThat(replayed.toByteArray()).containsExactly(RatisStateMachine.REPLY_REPLAYED);
        assertThatThrownBy(() -> ReplicatedGroup.decodeReply(3, replayed, 2))
                .isInstanceOf(ReplicationUnavailableException.class)
                .extracting(e -> ((ReplicationUnavailableException) e).reason()).isEqualTo(Reason.REPLY_LOST);

        ByteString applied = adapter.applyTransaction(transaction(adapter, 4, new byte[] {4})).join().getContent();
        assertThat(ByteBuffer.wrap(ReplicatedGroup.decodeReply(3, applied, 4)).getLong()).isEqualTo(3);
        assertThat(chain.appliedSinceStart()).hasSize(3);
        assertThat(chain.appliedIndex()).isEqualTo(4);
        assertThat(adapter.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 4));
    }

    @Test
    void aFailingApplyIsThrownNotSkipped() {
        RatisStateMachine adapter = new RatisStateMachine(0, new FixedStateMachine() {
            @Override
            public byte[] apply(long index, byte[] entry) {
                throw new IllegalStateException("disk full");
            }
        });
        // Thrown from applyTransaction (not a failed future): Ratis then stops this member's group.
        assertThatThrownBy(() -> adapter.applyTransaction(transaction(adapter, 1, new byte[] {1})))
                .isInstanceOf(IllegalStateException.class).hasMessage("disk full");
    }

    @Test
    void aStateMachineThatDoesNotRecordTheIndexItAppliedIsCaught() {
        RatisStateMachine adapter = new RatisStateMachine(0, new FixedStateMachine());
        assertThatThrownBy(() -> adapter.applyTransaction(transaction(adapter, 5, new byte[] {1})))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pod 0: the state machine applied entry 5 but reports applied index 0");
    }

    @Test
    void anUnknownReplyKindIsABug() {
        assertThatThrownBy(() -> ReplicatedGroup.decodeReply(1, ByteString.copyFrom(new byte[] {9, 1}), 8))
                .isInstanceOf(IllegalStateException.class).hasMessage("pod 1: reply of unknown kind 9");
    }

    private static TransactionContext transaction(RatisStateMachine adapter, long index, byte[] data) {
        LogEntryProto entry = LogEntryProto.newBuilder().setTerm(1).setIndex(index)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(ByteString.copyFrom(data)))
                .build();
        return TransactionContext.newBuilder().setStateMachine(adapter).setServerRole(RaftPeerRole.FOLLOWER)
                .setLogEntry(entry).build();
    }

    /** Applies nothing and reports index 0: a state machine to break on purpose. */
    private static class FixedStateMachine implements ReplicatedStateMachine {
        @Override
        public byte[] apply(long index, byte[] entry) {
            return new byte[0];
        }

        @Override
        public long appliedIndex() {
            return 0;
        }

        @Override
        public void snapshot(Path target) {
        }

        @Override
        public void restore(Path source, long index) {
        }

        @Override
        public void leaderReady() {
        }

        @Override
        public void notLeader() {
        }
    }
}
