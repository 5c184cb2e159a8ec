{{/* The API services (each with its own schema, role and migrations). */}}
{{- define "vitrine.apiServices" -}}
builder site media promotion experiment customer checkout notifier
{{- end }}

{{- define "vitrine.labels" -}}
app.kubernetes.io/part-of: vitrine
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "name" "site"). */}}
{{- define "vitrine.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* Object names are <release>-<name>, or <name> when the release is "vitrine". */}}
{{- define "vitrine.name" -}}
{{- if eq .root.Release.Name "vitrine" -}}{{ .name }}{{- else -}}{{ printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end }}

{{- define "vitrine.image" -}}
{{- $img := .root.Values.image -}}
{{ printf "%s/%s/vitrine-%s:%s" $img.registry $img.owner .name ($img.tag | default .root.Chart.AppVersion) }}
{{- end }}

{{- define "vitrine.publicUrl" -}}
{{- if .Values.config.publicUrl -}}
{{ .Values.config.publicUrl | trimSuffix "/" }}
{{- else if .Values.ingress.host -}}
{{ ternary "https" "http" .Values.ingress.tls.enabled }}://{{ .Values.ingress.host }}
{{- else -}}
http://localhost:8080
{{- end -}}
{{- end }}

{{/* The Secret holding each service's DATABASE_URL. */}}
{{- define "vitrine.databaseSecret" -}}
{{- if .Values.postgresql.bundled -}}
{{ include "vitrine.name" (dict "root" . "name" "vitrine-database") }}
{{- else -}}
{{ .Values.postgresql.external.existingSecret }}
{{- end -}}
{{- end }}

{{- define "vitrine.postgresSecret" -}}
{{- .Values.postgresql.existingSecret | default (include "vitrine.name" (dict "root" . "name" "vitrine-postgres")) -}}
{{- end }}

{{- define "vitrine.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "vitrine.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
{{- end }}

{{/* A middleware reference for the router.middlewares annotation. */}}
{{- define "vitrine.middleware" -}}
{{ .root.Release.Namespace }}-{{ include "vitrine.name" (dict "root" .root "name" .name) }}@kubernetescrd
{{- end }}
