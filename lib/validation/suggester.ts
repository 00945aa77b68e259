import { z } from "zod";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `POST /suggester`: retrain, optionally with another seed (the split and the shuffles follow it). */
export const trainSuggesterSchema = z
  .object({
    seed: z.number({ message: "seed is a whole number." }).int({ message: "seed is a whole number." }).min(0).max(2_147_483_647).optional(),
  })
  .strict();

/** `GET /suggestions?documentId` (docs/api.md). */
export const suggestionsQuerySchema = z.object({
  documentId: z.string({ message: "documentId is the document to suggest codes for." }).regex(UUID, { message: "That document does not exist." }),
});

export const suggestionParamsSchema = z.object({
  projectId: z.string(),
  suggestionId: z.coerce.number({ message: "That suggestion does not exist." }).int({ message: "That suggestion does not exist." }).positive({ message: "That suggestion does not exist." }),
});
