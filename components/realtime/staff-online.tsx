"use client";

import type { PresenceChannel } from "pusher-js";
import { useEffect, useState } from "react";
import { Card } from "@/components/ui/card";
import { useRealtime } from "./realtime-provider";

type Member = { id: string; name: string; role: string };
type MemberInfo = { name?: unknown; role?: unknown } | null;

function toMember(id: string, info: MemberInfo): Member {
  return {
    id,
    name: typeof info?.name === "string" ? info.name : "Staff member",
    role: info?.role === "admin" ? "Admin" : "Sales engineer",
  };
}

/** Who of the staff has Nexus open right now, from the presence-staff channel. */
export function StaffOnline({ selfId }: { selfId: string }) {
  const { client, connected } = useRealtime();
  const [members, setMembers] = useState<Member[] | null>(null);

  useEffect(() => {
    if (!client) return;
    const channel = client.subscribe("presence-staff") as PresenceChannel;
    const readAll = () => {
      const all: Member[] = [];
      channel.members.each((member: { id: string; info: MemberInfo }) => all.push(toMember(member.id, member.info)));
      setMembers(all.sort((a, b) => a.name.localeCompare(b.name)));
    };
    channel.bind("pusher:subscription_succeeded", readAll);
    channel.bind("pusher:member_added", readAll);
    channel.bind("pusher:member_removed", readAll);
    if (channel.subscribed) readAll();
    return () => {
      channel.unbind("pusher:subscription_succeeded", readAll);
      channel.unbind("pusher:member_added", readAll);
      channel.unbind("pusher:member_removed", readAll);
    };
  }, [client]);

  return (
    <Card title="Staff online" description="Who of the agency has Nexus open right now.">
      {members === null || !connected ? (
        <p className="text-sm text-gray-600">{client ? "Connecting…" : "Live presence is not available."}</p>
      ) : (
        <ul aria-label="Staff online" className="space-y-2">
          {members.map((member) => (
            <li key={member.id} className="flex items-center gap-2 text-sm">
              <span aria-hidden className="size-2 rounded-full bg-emerald-500" />
              <span className="font-medium text-gray-900">
                {member.name}
                {member.id === selfId ? " (you)" : ""}
              </span>
              <span className="text-gray-600">{member.role}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
