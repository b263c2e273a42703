"use client";

// "Import an OpenVEX document": statements a supplier or another team wrote (OpenVEX v0.2). The portal reads them
// with the gates' own parser (a malformed document is refused with where it is wrong), signs them with the
// attestation key, and applies them within the chosen scope until the expiry, like an exception made here.
import { FileUp } from "lucide-react";
import { useId, useState } from "react";
import { FileField } from "@/components/forms/file-field";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label, Select } from "@/components/ui/input";

const DAY = 86_400_000;
const dateInput = (at: Date) => at.toISOString().slice(0, 10);

export function VexImport({ returnTo }: { returnTo: string }) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [scope, setScope] = useState<"ALL" | "PRODUCT">("PRODUCT");
  const [product, setProduct] = useState("");
  const [versions, setVersions] = useState("");
  const [expires, setExpires] = useState(() => dateInput(new Date(Date.now() + 90 * DAY)));
  const [notice, setNotice] = useState<string | null>(null);
  const utils = trpc.useUtils();
  const importVex = trpc.policies.importVex.useMutation({
    onSuccess: async (result) => {
      const again = result.reevaluated.length;
      setNotice(
        `Imported and signed (key ${result.keyId.slice(0, 19)}…); ${again} open promotion request${again === 1 ? "" : "s"} evaluated again.`,
      );
      await utils.policies.invalidate();
    },
  });
  const errors = formErrorsOf(importVex.error);
  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader>
        <CardTitle id={`${id}-title`}>Import an OpenVEX document</CardTitle>
      </CardHeader>
      <CardBody>
        <form
          noValidate
          className="flex flex-col gap-3"
          onSubmit={async (event) => {
            event.preventDefault();
            setNotice(null);
            if (!file || importVex.isPending) return;
            importVex.mutate({
              document: await file.text(),
              scope:
                scope === "ALL"
                  ? { kind: "ALL" }
                  : {
                      kind: "PRODUCT",
                      product: product.trim(),
                      versions: versions
                        .split(",")
                        .map((version) => version.trim())
                        .filter(Boolean),
                    },
              expiresAt: new Date(`${expires}T23:59:59.000Z`),
            });
          }}
        >
          {notice ? (
            <p
              role="status"
              className="rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg"
            >
              {notice}
            </p>
          ) : null}
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
          <FileField
            id={`${id}-file`}
            label="OpenVEX document (.json)"
            required
            accept=".json,application/json"
            error={errors.fields.document}
            onFile={setFile}
          />
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${id}-scope`}>Applies to</Label>
            <Select
              id={`${id}-scope`}
              value={scope}
              onChange={(event) => setScope(event.target.value as "ALL" | "PRODUCT")}
            >
              <option value="PRODUCT">One product (all or some versions)</option>
              <option value="ALL">Every release</option>
            </Select>
          </div>
          {scope === "PRODUCT" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField
                id={`${id}-product`}
                label="Product"
                required
                value={product}
                onValue={setProduct}
                error={errors.fields["scope.product"]}
              />
              <TextField
                id={`${id}-versions`}
                label="Versions"
                hint="Comma-separated; empty for every version"
                value={versions}
                onValue={setVersions}
                error={errors.fields["scope.versions"]}
              />
            </div>
          ) : null}
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${id}-expires`} required>
              Expires
            </Label>
            <Input
              id={`${id}-expires`}
              type="date"
              value={expires}
              onChange={(event) => setExpires(event.target.value)}
              error={errors.fields.expiresAt}
            />
          </div>
          <Button
            type="submit"
            variant="secondary"
            className="self-start"
            aria-disabled={importVex.isPending}
          >
            <FileUp aria-hidden="true" />
            Import and sign
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
