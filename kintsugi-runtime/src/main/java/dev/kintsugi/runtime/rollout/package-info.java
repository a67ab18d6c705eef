/**
 * Local canary rollouts, for services not on Kubernetes: {@link
 * dev.kintsugi.runtime.rollout.WeightedProxy} (Jetty's {@code ProxyServlet}) splits requests
 * between the running version and a canary by weight and counts each one's errors and latencies in
 * time buckets; {@link dev.kintsugi.runtime.rollout.LocalRollout} starts the canary, shifts traffic
 * in steps, judges each step with the canary judge and promotes or rolls back; {@link
 * dev.kintsugi.runtime.rollout.RolloutConfig} reads {@code rollout.yml}.
 */
package dev.kintsugi.runtime.rollout;
