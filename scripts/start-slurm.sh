#!/usr/bin/env bash
# Starts a single-node Slurm cluster on this machine for the study's Slurm test: installs Debian's slurm-wlm and munge
# when they are missing, writes a one-node configuration (this host, every core, one partition), starts munged,
# slurmctld and slurmd, and waits until the node is idle. Does nothing when a node already answers.
# Needs root and a reachable Debian package mirror to install. Exit codes: 0 a node is idle; 77 the packages are missing
# and no Debian mirror answers (the one case in which the Slurm test skips, naming this reason); anything else a real
# failure (no root, install or start failed), and the Slurm test fails.
set -euo pipefail

node_ready() {
  command -v sinfo >/dev/null 2>&1 && [[ "$(sinfo -h -o %T 2>/dev/null | head -n 1)" =~ ^(idle|mixed|allocated)$ ]]
}

if node_ready; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "start-slurm: no Slurm node answers and starting one needs root (apt-get install slurm-wlm munge)" >&2
  exit 1
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # apt holds a lock; another installer running at the same time makes us wait rather than fail.
  apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  # Error-Mode=any: an unreachable mirror fails the update instead of leaving a warning and a stale package list.
  if ! update_log=$(apt-get "${apt_opts[@]}" -o APT::Update::Error-Mode=any update -qq 2>&1); then
    echo "start-slurm: slurm-wlm and munge are not installed and apt cannot reach its mirrors: $(tail -n 3 <<<"$update_log" | tr '\n' ' ')" >&2
    exit 77
  fi
  # policy-rc.d 101: the packages must not try to start services through an init system this machine may not have.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

# munge: a key and a running daemon (it authenticates every Slurm message).
if [[ ! -s /etc/munge/munge.key ]]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown munge:munge /etc/munge/munge.key 2>/dev/null || true
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
if ! pgrep -x munged >/dev/null 2>&1; then
  if id munge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
  else
    /usr/sbin/munged --force
  fi
fi

host=$(hostname -s)
cpus=$(nproc)
memory_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > /etc/slurm/slurm.conf <<EOF
# Single-node test cluster written by scripts/start-slurm.sh.
ClusterName=scoreprobe
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdTimeout=300
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory_mb} State=UNKNOWN
PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP
EOF

pgrep -x slurmctld >/dev/null 2>&1 || slurmctld
pgrep -x slurmd >/dev/null 2>&1 || slurmd

for _ in $(seq 1 60); do
  if node_ready; then
    exit 0
  fi
  scontrol update nodename="${host}" state=resume >/dev/null 2>&1 || true
  sleep 1
done
echo "start-slurm: the node did not become idle within 60 s; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
sinfo >&2 || true
exit 1
