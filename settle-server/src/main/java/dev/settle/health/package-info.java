/** The health probes' answers: liveness, and readiness with the state of each component. */
package dev.settle.health;
