import { randomUUID } from 'node:crypto';
import { addDays, addMonths, computeIdNumberCheckChar } from '@stride/domain';
import { eq } from 'drizzle-orm';
import type { FieldCipher } from '../../lib/crypto';
import { maskTail } from '../../lib/crypto';
import { installBuiltinRules } from '../../modules/alerts/defaults';
import { appendAudit } from '../../modules/audit/audit.service';
import { hashPassword } from '../../modules/auth/password';
import type { Db } from '../client';
import { employees, jobHistory, orgs, orgUnits, positions, users } from '../schema';
import { CITY_CODES, GIVEN, SURNAMES } from './names';
import { seededRandom } from './random';

export const DEMO_PASSWORD = 'stride-demo';

const REGIONS = [
  {
    name: '华东大区',
    city: '上海',
    teams: [
      ['上海一组', '上海'],
      ['上海二组', '上海'],
      ['杭州组', '杭州'],
      ['南京组', '南京'],
    ],
  },
  {
    name: '华南大区',
    city: '深圳',
    teams: [
      ['广州组', '广州'],
      ['深圳一组', '深圳'],
      ['深圳二组', '深圳'],
    ],
  },
  {
    name: '华北大区',
    city: '北京',
    teams: [
      ['北京一组', '北京'],
      ['天津组', '天津'],
    ],
  },
] as const;

export interface SeedOptions {
  name: string;
  slug: string;
  /** Appended to demo usernames so several demo companies can share one database (tests). */
  usernameSuffix?: string;
  /** Salespeople in total (default 120). */
  salespeople?: number;
  /** "Today" for the generated dates (default: now). */
  today?: string;
}

export interface SeededCompany {
  orgId: string;
  users: Record<'admin' | 'hr' | 'manager' | 'employee', { username: string; userId: string; employeeId: string }>;
  /** Region the `manager` user leads, and one team outside it. */
  managedRegionId: string;
  otherRegionId: string;
  employeeCount: number;
}

export async function seedDemoCompany(db: Db, cipher: FieldCipher, opts: SeedOptions): Promise<SeededCompany> {
  const rand = seededRandom(opts.slug.split('').reduce((h, c) => h * 31 + c.charCodeAt(0), 7));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const suffix = opts.usernameSuffix ?? '';
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();

  return db.transaction(async (tx) => {
    const [org] = await tx.insert(orgs).values({ name: opts.name, slug: opts.slug, isDemo: true }).returning();
    const orgId = org.id;
    const pos = Object.fromEntries(
      (
        await tx
          .insert(positions)
          .values([
            { orgId, name: '销售代表', jobFamily: '销售', level: 'S1' },
            { orgId, name: '高级销售代表', jobFamily: '销售', level: 'S2' },
            { orgId, name: '销售主管', jobFamily: '销售管理', level: 'M1' },
            { orgId, name: '大区销售总监', jobFamily: '销售管理', level: 'M2' },
            { orgId, name: 'HRBP', jobFamily: '人力资源', level: 'P2' },
            { orgId, name: '人力资源经理', jobFamily: '人力资源', level: 'M1' },
            { orgId, name: '系统管理员', jobFamily: '信息技术', level: 'P2' },
          ])
          .returning()
      ).map((p) => [p.name, p.id]),
    ) as Record<string, string>;

    const [root] = await tx
      .insert(orgUnits)
      .values({ orgId, name: opts.name.replace(/有限公司$/, '') })
      .returning();
    const [hrUnit] = await tx.insert(orgUnits).values({ orgId, name: '人力资源部', parentId: root.id }).returning();
    const [itUnit] = await tx.insert(orgUnits).values({ orgId, name: '信息技术部', parentId: root.id }).returning();

    let seq = 1000;
    const usedNames = new Set<string>();
    const personName = () => {
      for (;;) {
        const n = pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : '');
        if (!usedNames.has(n)) {
          usedNames.add(n);
          return n;
        }
      }
    };
    const daysAgo = (min: number, max: number) => addDays(today, -Math.floor(min + rand() * (max - min)));

    type NewEmployee = typeof employees.$inferInsert;
    const rows: NewEmployee[] = [];
    const transfers: { employeeNo: string; fromUnit: string; toUnit: string; on: string }[] = [];

    /** A person with lawful contract and probation dates (Labor Contract Law Art. 19). */
    const makePerson = (
      unitId: string,
      positionId: string,
      managerId: string | null,
      city: string,
      hireDate: string,
    ): NewEmployee & { id: string } => {
      seq += 1;
      const id = randomUUID();
      const ageDays = (Date.parse(today) - Date.parse(hireDate)) / 86400_000;
      // Newer hires get shorter contracts; three-year contracts allow up to six months' probation.
      const years = ageDays < 330 && rand() < 0.3 ? 1 : ageDays < 700 && rand() < 0.4 ? 2 : 3;
      const probationMonths = years === 1 ? 1 : years === 2 ? 2 : rand() < 0.5 ? 3 : 6;
      const probationEnd = addDays(addMonths(hireDate, probationMonths), -1);
      const regular = probationEnd < today;
      const birth = addDays('1986-01-01', Math.floor(rand() * 365 * 15));
      const first17 = `${CITY_CODES[city]}${birth.replaceAll('-', '')}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
      const idNumber = first17 + computeIdNumberCheckChar(first17);
      const phone = `1${pick(['35', '36', '38', '39', '50', '58', '86', '88'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
      const bank = `622202${String(Math.floor(rand() * 1e13)).padStart(13, '0')}`;
      return {
        id,
        orgId,
        employeeNo: `E${seq}`,
        name: personName(),
        email: `e${seq}@${opts.slug}.example.cn`,
        status: regular ? 'regular' : 'probation',
        unitId,
        positionId,
        managerId,
        hireDate,
        contractType: 'fixed_term',
        contractStartDate: hireDate,
        contractEndDate: addDays(addMonths(hireDate, years * 12), -1),
        probationEndDate: probationEnd,
        regularizationDate: regular ? addDays(probationEnd, 1) : null,
        idNumberEnc: cipher.encrypt(idNumber),
        idNumberMask: maskTail(idNumber),
        bankAccountEnc: cipher.encrypt(bank),
        bankAccountMask: maskTail(bank),
        phoneEnc: cipher.encrypt(phone),
        phoneMask: maskTail(phone),
        createdAt: now,
        updatedAt: now,
      };
    };

    const admin = makePerson(itUnit.id, pos.系统管理员, null, '上海', daysAgo(900, 1000));
    const hrHead = makePerson(hrUnit.id, pos.人力资源经理, null, '上海', daysAgo(1000, 1090));
    rows.push(admin, hrHead);
    await tx.update(orgUnits).set({ leaderEmployeeId: hrHead.id }).where(eq(orgUnits.id, hrUnit.id));
    await tx.update(orgUnits).set({ leaderEmployeeId: admin.id }).where(eq(orgUnits.id, itUnit.id));
    for (let i = 0; i < 2; i++) rows.push(makePerson(hrUnit.id, pos.HRBP, hrHead.id, '上海', daysAgo(200, 900)));

    const totalSales = opts.salespeople ?? 120;
    const teamCount = REGIONS.reduce((n, r) => n + r.teams.length, 0);
    const regionIds: string[] = [];
    let managerUserEmployee = '';
    let employeeUserEmployee = '';
    let teamIndex = 0;
    for (const region of REGIONS) {
      const director = makePerson(root.id, pos.大区销售总监, null, region.city, daysAgo(950, 1090));
      const [regionUnit] = await tx
        .insert(orgUnits)
        .values({ orgId, name: region.name, parentId: root.id, leaderEmployeeId: director.id })
        .returning();
      director.unitId = regionUnit.id;
      rows.push(director);
      regionIds.push(regionUnit.id);
      if (!managerUserEmployee) managerUserEmployee = director.id;
      const teamUnitIds: string[] = [];
      for (const [teamName, city] of region.teams) {
        const lead = makePerson(regionUnit.id, pos.销售主管, director.id, city, daysAgo(500, 1080));
        const [team] = await tx
          .insert(orgUnits)
          .values({ orgId, name: teamName, parentId: regionUnit.id, leaderEmployeeId: lead.id })
          .returning();
        lead.unitId = team.id;
        rows.push(lead);
        teamUnitIds.push(team.id);
        const size = Math.floor(totalSales / teamCount) + (teamIndex < totalSales % teamCount ? 1 : 0);
        teamIndex++;
        for (let i = 0; i < size; i++) {
          // About one in eight joined in the last four months, so some are still on probation.
          const hire = rand() < 0.13 ? daysAgo(5, 120) : daysAgo(120, 1090);
          const senior = Date.parse(today) - Date.parse(hire) > 700 * 86400_000 && rand() < 0.5;
          const p = makePerson(team.id, senior ? pos.高级销售代表 : pos.销售代表, lead.id, city, hire);
          rows.push(p);
          if (!employeeUserEmployee && p.status === 'regular') employeeUserEmployee = p.id;
        }
      }
      // A few people moved between teams of the region, so job history has something to show.
      for (const p of rows.filter((r) => teamUnitIds.includes(r.unitId) && r.positionId !== pos.销售主管).slice(0, 2)) {
        const ageDays = (Date.parse(today) - Date.parse(p.hireDate)) / 86400_000;
        if (ageDays < 200 || teamUnitIds.length < 2) continue;
        const from = teamUnitIds.find((t) => t !== p.unitId)!;
        transfers.push({
          employeeNo: p.employeeNo,
          fromUnit: from,
          toUnit: p.unitId,
          on: addDays(p.hireDate, Math.floor(ageDays / 2)),
        });
      }
    }

    await tx.insert(employees).values(rows);
    const history: (typeof jobHistory.$inferInsert)[] = [];
    for (const r of rows) {
      const t = transfers.find((x) => x.employeeNo === r.employeeNo);
      if (t) {
        history.push({
          orgId,
          employeeId: r.id!,
          effectiveFrom: r.hireDate,
          effectiveTo: addDays(t.on, -1),
          unitId: t.fromUnit,
          positionId: r.positionId,
          managerId: null,
          reason: 'hire',
        });
        history.push({
          orgId,
          employeeId: r.id!,
          effectiveFrom: t.on,
          unitId: t.toUnit,
          positionId: r.positionId,
          managerId: r.managerId,
          reason: '团队调整',
        });
      } else {
        history.push({
          orgId,
          employeeId: r.id!,
          effectiveFrom: r.hireDate,
          unitId: r.unitId,
          positionId: r.positionId,
          managerId: r.managerId,
          reason: 'hire',
        });
      }
    }
    await tx.insert(jobHistory).values(history);

    const bindings = {
      admin: admin.id,
      hr: hrHead.id,
      manager: managerUserEmployee,
      employee: employeeUserEmployee,
    } as const;
    const seededUsers = {} as SeededCompany['users'];
    for (const role of ['admin', 'hr', 'manager', 'employee'] as const) {
      const username = `${role}${suffix}`;
      const [u] = await tx
        .insert(users)
        .values({ orgId, username, passwordHash, role, employeeId: bindings[role] })
        .returning();
      seededUsers[role] = { username, userId: u.id, employeeId: bindings[role] };
    }
    await installBuiltinRules(tx, orgId);
    await appendAudit(
      tx,
      { orgId },
      { action: 'system.demo_seeded', entityType: 'org', entityId: orgId, after: { employees: rows.length } },
      now,
    );
    return {
      orgId,
      users: seededUsers,
      managedRegionId: regionIds[0],
      otherRegionId: regionIds[1],
      employeeCount: rows.length,
    };
  });
}
