/**
 * The filter fields that the GET forms of Search, Retrieve passages and Export share: a
 * document, a coder, and "documents whose attribute has this value". Plain form controls (no
 * client code), so each page's URL stays its query.
 */
const FIELD = "h-9 rounded-md border bg-background px-2";

export function DocumentField({ name = "document", value, documents, label = "Document" }: { name?: string; value: string; documents: { id: string; title: string }[]; label?: string }) {
  return (
    <label className="grid gap-1">
      <span className="font-medium">{label}</span>
      <select name={name} aria-label={label} defaultValue={value} className={`${FIELD} max-w-56`}>
        <option value="">All documents</option>
        {documents.map((d) => (
          <option key={d.id} value={d.id}>
            {d.title}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CoderField({ name, value, members }: { name: string; value: string; members: { userId: string; name: string; role: string }[] }) {
  return (
    <label className="grid gap-1">
      <span className="font-medium">Coder</span>
      <select name={name} defaultValue={value} className={FIELD}>
        <option value="">Anyone</option>
        {members
          .filter((m) => m.role !== "viewer")
          .map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
      </select>
    </label>
  );
}

export function AttributeValueFields({
  attribute,
  value,
  attributes,
  labels = { attribute: "Attribute", any: "Any", value: "Value (empty: not set)" },
}: {
  attribute: string;
  value: string;
  attributes: { id: string; name: string }[];
  labels?: { attribute: string; any: string; value: string };
}) {
  const none = attributes.length === 0;
  return (
    <>
      <label className="grid gap-1">
        <span className="font-medium">{labels.attribute}</span>
        <select name="attribute" defaultValue={attribute} className={FIELD} disabled={none}>
          <option value="">{none ? "No attributes yet" : labels.any}</option>
          {attributes.map((a) => (
            <option key={a.id} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="grid gap-1">
        <span className="font-medium">{labels.value}</span>
        <input name="value" defaultValue={value} className={`${FIELD} w-40`} disabled={none} />
      </label>
    </>
  );
}
