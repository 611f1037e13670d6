/**
 * The local mesh: stations find each other on the LAN with mDNS/DNS-SD, prove who they are with their cloud-issued
 * device certificates, and keep watching each other, so that calls can go station to station when the cloud is
 * gone. {@link org.openintercom.agent.mesh.MeshDiscovery} is the entry point; see {@code docs/mesh.md}.
 */
package org.openintercom.agent.mesh;
