import {
  ClipboardCheck,
  FileSearch,
  GitCompareArrows,
  KeyRound,
  type LucideIcon,
  Rocket,
  ScrollText,
  Settings,
  ShieldCheck,
  Siren,
} from "lucide-react";
import type { NavSection } from "@/server/authz/navigation";

export const navIcons: Record<NavSection["icon"], LucideIcon> = {
  releases: Rocket,
  policies: ShieldCheck,
  compliance: ClipboardCheck,
  "break-glass": Siren,
  evidence: FileSearch,
  continuity: GitCompareArrows,
  audit: ScrollText,
  keys: KeyRound,
  admin: Settings,
};
