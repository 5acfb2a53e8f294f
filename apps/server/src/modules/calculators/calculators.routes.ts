import {
  cityWage,
  cityWageList,
  cityWageQuery,
  saveCityWageRequest,
  severanceRequest,
  severanceResponse,
  uuid,
} from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { actorOf, authOf } from '../../lib/http';
import { calculateSeveranceFor, deleteCityWage, listCityWages, saveCityWage } from './calculators.service';

/**
 * Calculators. Severance is for those who plan exits: hr and admin, and managers for their own planning; an
 * employee is refused (a calculator of what the employer owes them is HR's conversation, not self-service).
 * City average wages: the same roles read them; admin and hr maintain their organization's own.
 */
const calculatorUsers = ['admin', 'hr', 'manager'] as const;
const maintainers = ['admin', 'hr'] as const;
const tags = ['calculators'];

export const calculatorsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/calculators/severance',
    {
      config: { access: calculatorUsers },
      schema: {
        tags,
        summary: 'Severance (Art. 47), pay in lieu of notice (Art. 40) and unlawful-termination damages (Art. 87)',
        description:
          'Money as decimal strings. Give localAverageMonthlyWage, or city to use the average of the year before endDate (the organization’s figure first). Changes nothing.',
        body: severanceRequest,
        response: { 200: severanceResponse },
      },
    },
    async (req) => calculateSeveranceFor(deps, authOf(req).orgId, req.body, req.locale),
  );

  app.get(
    '/calculators/city-wages',
    {
      config: { access: calculatorUsers },
      schema: {
        tags,
        summary: 'Local average monthly wages by city and year: the organization’s and those shipped with Stride',
        querystring: cityWageQuery,
        response: { 200: cityWageList },
      },
    },
    async (req) => ({ items: await listCityWages(deps.db, authOf(req).orgId, req.query.city) }),
  );

  app.post(
    '/calculators/city-wages',
    {
      config: { access: maintainers, idempotent: true },
      schema: {
        tags,
        summary: 'Add the organization’s figure for a city and year, or correct it (201 created, 200 replaced)',
        body: saveCityWageRequest,
        response: { 200: cityWage, 201: cityWage },
      },
    },
    async (req, reply) => {
      const { item, isCreated } = await saveCityWage(deps, actorOf(req), req.body);
      return reply.code(isCreated ? 201 : 200).send(item);
    },
  );

  app.delete(
    '/calculators/city-wages/:id',
    {
      config: { access: maintainers },
      schema: {
        tags,
        summary: 'Delete one of the organization’s own figures (Stride’s cannot be deleted)',
        params: z.object({ id: uuid }),
      },
    },
    async (req, reply) => {
      await deleteCityWage(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
};
