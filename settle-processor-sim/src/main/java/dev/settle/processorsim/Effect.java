package dev.settle.processorsim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an accepted mutating request did: the charge (and refund) snapshots to store and the
 * answer to give. The processor writes it to the log before anything is answered.
 *
 * @param operation the log's name for it: authorization, capture, void or refund
 * @param refund the refund made, or null
 * @param lost whether the answer is never to be delivered
 * @param slow whether the answer is to be delayed by the slow-card delay
 */
record Effect(String operation, ObjectNode response, Charge charge, Refund refund, boolean lost, boolean slow) {

    static Effect of(String operation, Charge charge) {
        return new Effect(operation, charge.toJson(), charge, null, false, false);
    }
}
