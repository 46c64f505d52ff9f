package fakelightdash

import (
	"slices"
	"strings"
	"time"
)

// project is a stored project: data is the Project read model with the
// connections kept whole (secrets included).
type project struct {
	data      map[string]any
	createdAt time.Time
	seq       int              // creation order; breaks createdAt ties
	explores  []map[string]any // the summaries of the last successful compile's explores
}

const defaultPreviewHours = 720

func (s *Server) createProject(c *call) response {
	if errs := validateBody(createProjectSchema, c.json); len(errs) > 0 {
		return validateError(errs)
	}
	body := deepCopyMap(c.json.(map[string]any))
	wh, _ := body["warehouseConnection"].(map[string]any)
	if wh != nil {
		if msg := checkWarehouseRules(wh); msg != "" {
			return paramError(msg)
		}
	}
	if body["type"] == "DEFAULT" && body["upstreamProjectUuid"] != nil {
		return paramError("upstreamProjectUuid must not be provided for default projects")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var upstream *project
	if body["type"] == "PREVIEW" && !isFalsy(body["upstreamProjectUuid"]) {
		id := stringOf(body["upstreamProjectUuid"])
		if upstream = s.projects[id]; upstream == nil {
			return projectNotFound(id)
		}
		if upstream.data["type"] == "PREVIEW" {
			return forbidden("Cannot create a preview project from a preview project")
		}
	}
	dbt := body["dbtConnection"].(map[string]any)
	if msg := checkDbtEnvironment(dbt); msg != "" {
		return paramError(msg)
	}

	now := time.Now()
	data := map[string]any{
		"organizationUuid":                 s.orgUUID,
		"projectUuid":                      newUUID(),
		"name":                             body["name"],
		"type":                             body["type"],
		"dbtConnection":                    dbt,
		"dbtVersion":                       body["dbtVersion"],
		"pinnedListUuid":                   nil,
		"schedulerTimezone":                "UTC",
		"queryTimezone":                    nil,
		"useProjectTimezoneInFilters":      false,
		"schedulerFailureNotifyRecipients": false,
		"schedulerFailureIncludeContact":   false,
		"schedulerFailureContactOverride":  nil,
		"createdByUserUuid":                s.userUUID,
		"hasDefaultUserSpaces":             false,
		"colorPaletteUuid":                 nil,
		"expiresAt":                        nil,
		"provisioningSource":               nil,
		"agentSqlScope":                    nil,
		"projectDefaults":                  nil,
	}
	if id, ok := body["organizationWarehouseCredentialsUuid"]; ok {
		data["organizationWarehouseCredentialsUuid"] = id
	}
	if upstream != nil {
		// PS.createWithoutCompile and PM.createWithOptionalCredentials: a
		// preview takes its upstream's organization credentials and time zone
		// settings, and copies or merges its warehouse connection.
		data["upstreamProjectUuid"] = upstream.data["projectUuid"]
		data["organizationWarehouseCredentialsUuid"] = upstream.data["organizationWarehouseCredentialsUuid"]
		for _, k := range []string{"schedulerTimezone", "queryTimezone", "useProjectTimezoneInFilters"} {
			data[k] = upstream.data[k]
		}
		copyConnection := body["copyWarehouseConnectionFromUpstreamProject"] == true
		if copyConnection || wh != nil {
			upstreamWh, found := upstreamConnection(upstream)
			if !found {
				return notFound("Cannot find any warehouse credentials for project.")
			}
			if copyConnection {
				wh = upstreamWh
			} else {
				wh = mergeUpstreamConnection(upstreamWh, wh)
			}
		}
	}
	if !s.resolveSSHTunnel(wh) {
		return somethingWentWrong()
	}
	if failed, ok := refreshDatabricksToken(wh); !ok {
		return failed
	}
	if wh != nil {
		data["warehouseConnection"] = wh
	}
	if body["type"] == "PREVIEW" {
		hours := float64(defaultPreviewHours)
		if h, ok := body["expiresInHours"].(float64); ok {
			hours = h
		}
		data["expiresAt"] = timestamp(now.Add(time.Duration(hours * float64(time.Hour))))
	}
	s.seq++
	p := &project{data: data, createdAt: now, seq: s.seq}
	s.projects[data["projectUuid"].(string)] = p
	if body["type"] != "PREVIEW" {
		// ProjectModel.create: every project but a preview gets a root
		// space "Shared" open to the whole project, shared with nobody.
		s.newSpace(data["projectUuid"].(string), sharedSpaceName, "", true)
	}
	// A preview of an upstream copies its content unless copyContent is
	// false (data.copyContent ?? true); the fake's projects have no content,
	// so the copy always succeeds.
	copied := upstream != nil && (body["copyContent"] == nil || !isFalsy(body["copyContent"]))
	if upstream != nil {
		s.copyIntoPreview(upstream.data["projectUuid"].(string), data["projectUuid"].(string), copied)
	}
	return ok(map[string]any{"hasContentCopy": copied, "project": publicProject(p.data)})
}

// upstreamConnection is PM.getWarehouseCredentialsForProject: the stored
// connection, secrets included, normalised (normalizeWarehouseCredentials).
func upstreamConnection(p *project) (map[string]any, bool) {
	wh, found := p.data["warehouseConnection"].(map[string]any)
	if !found {
		return nil, false
	}
	wh = deepCopyMap(wh)
	if _, has := wh["connectionType"]; wh["type"] == "duckdb" && !has {
		wh["connectionType"] = "motherduck"
	}
	return wh, true
}

// mergeUpstreamConnection is mergeWarehouseCredentials (types/projects): the
// upstream's settings, minus secrets and authentication, under the ones sent;
// requireUserCredentials is upstream || sent, as in JavaScript.
func mergeUpstreamConnection(upstream, sent map[string]any) map[string]any {
	if upstream["type"] != sent["type"] {
		return sent
	}
	warehouse := func(c map[string]any) string { return strings.TrimSpace(strings.ToLower(stringOf(c["warehouse"]))) }
	if sent["type"] == "snowflake" && warehouse(upstream) != warehouse(sent) {
		return sent
	}
	out := map[string]any{}
	for k, v := range upstream {
		if !slices.Contains(sensitiveWarehouseKeys, k) && !slices.Contains([]string{"authenticationType", "assumeRoleArn", "assumeRoleExternalId"}, k) {
			out[k] = v
		}
	}
	for k, v := range sent {
		out[k] = v
	}
	const key = "requireUserCredentials"
	switch v, has := sent[key]; {
	case !isFalsy(upstream[key]):
		out[key] = upstream[key]
	case has:
		out[key] = v
	default: // undefined: JSON.stringify leaves it out
		delete(out, key)
	}
	return out
}

// publicProject is PM.get: the read model with secrets stripped.
func publicProject(stored map[string]any) map[string]any {
	out := deepCopyMap(stored)
	if wh, ok := stored["warehouseConnection"].(map[string]any); ok {
		out["warehouseConnection"] = publicWarehouse(wh)
	} else {
		delete(out, "warehouseConnection")
	}
	if dbt, ok := stored["dbtConnection"].(map[string]any); ok {
		out["dbtConnection"] = publicDbt(dbt)
	}
	for _, k := range []string{"projectDefaults", "upstreamProjectUuid", "organizationWarehouseCredentialsUuid"} {
		if out[k] == nil {
			delete(out, k)
		}
	}
	return out
}

func projectNotFound(id string) response { return notFound("Cannot find project with id: " + id) }

// withProject answers with fn for the project of the path's projectUuid,
// holding s.mu, or with Lightdash's 404 when there is none.
func (s *Server) withProject(c *call, fn func(id string, p *project) response) response {
	id := c.params["projectUuid"]
	s.mu.Lock()
	defer s.mu.Unlock()
	p, found := s.projects[id]
	if !found {
		return projectNotFound(id)
	}
	return fn(id, p)
}

func (s *Server) getProject(c *call) response {
	return s.withProject(c, func(id string, p *project) response {
		return ok(publicProject(p.data))
	})
}

func (s *Server) listProjects(*call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := make([]*project, 0, len(s.projects))
	for _, p := range s.projects {
		all = append(all, p)
	}
	slices.SortStableFunc(all, func(a, b *project) int {
		ad, bd := a.data["type"] == "DEFAULT", b.data["type"] == "DEFAULT"
		if ad != bd {
			if ad {
				return -1
			}
			return 1
		}
		return a.seq - b.seq
	})
	items := make([]any, 0, len(all))
	for _, p := range all {
		item := map[string]any{
			"projectUuid":         p.data["projectUuid"],
			"name":                p.data["name"],
			"type":                p.data["type"],
			"createdByUserUuid":   p.data["createdByUserUuid"],
			"createdByUserName":   s.adminName(),
			"createdAt":           timestamp(p.createdAt),
			"upstreamProjectUuid": p.data["upstreamProjectUuid"],
			"expiresAt":           p.data["expiresAt"],
			"provisioningSource":  p.data["provisioningSource"],
		}
		if wh, ok := p.data["warehouseConnection"].(map[string]any); ok {
			item["warehouseType"] = wh["type"]
		}
		items = append(items, item)
	}
	return ok(items)
}

// updateProject is the Express PATCH route: no schema validation, full
// replacement with secret merge, then a compile job.
func (s *Server) updateProject(c *call) response {
	return s.withProject(c, func(id string, p *project) response {
		body, _ := c.json.(map[string]any)
		wh, okW := body["warehouseConnection"].(map[string]any)
		dbt, okD := body["dbtConnection"].(map[string]any)
		if !okW || !okD {
			return somethingWentWrong()
		}
		wh, dbt = deepCopyMap(wh), deepCopyMap(dbt)
		if msg := checkWarehouseRules(wh); msg != "" {
			return paramError(msg)
		}
		if !s.resolveSSHTunnel(wh) {
			return somethingWentWrong()
		}
		if failed, ok := refreshDatabricksToken(wh); !ok {
			return failed
		}
		savedWh, _ := p.data["warehouseConnection"].(map[string]any)
		savedDbt, _ := p.data["dbtConnection"].(map[string]any)
		mergeWarehouseSecrets(wh, savedWh)
		mergeDbtSecrets(dbt, savedDbt)
		if msg := checkSecretsAfterMerge(wh, s.opts.BigQueryADC); msg != "" {
			return paramError(msg)
		}
		if msg := checkDbtEnvironment(dbt); msg != "" {
			return paramError(msg)
		}

		for _, k := range []string{"name", "dbtVersion", "organizationWarehouseCredentialsUuid"} {
			if v, has := body[k]; has && v != nil {
				p.data[k] = deepCopyValue(v)
			}
		}
		p.data["warehouseConnection"] = wh
		p.data["dbtConnection"] = dbt
		p.data["projectDefaults"] = deepCopyValue(body["projectDefaults"])

		// PS.updateAndScheduleAsyncWork: the job's steps follow the saved dbt
		// type (no COMPILING for none); the new type decides what runs.
		steps := []string{stepTestingAdaptor}
		if savedDbt["type"] != "none" {
			steps = append(steps, stepCompiling)
		}
		j := s.newJob(nil, steps)
		j.results = map[string]any{"projectUuid": id}
		if dbt["type"] == "none" {
			j.atOnce = true
		} else if j.failure = testWarehouse(dbt, wh); j.failure == nil {
			var explores []map[string]any
			if explores, j.failure = compileExplores(dbt, wh, false); j.failure == nil && explores != nil {
				p.explores = explores
			}
		}
		return ok(map[string]any{"jobUuid": j.uuid})
	})
}

func (s *Server) deleteProject(c *call) response {
	id := c.params["projectUuid"]
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, found := s.projects[id]; !found {
		return projectNotFound(id)
	}
	s.removeProject(id)
	return okEmpty()
}

func (s *Server) refreshProject(c *call) response {
	return s.withProject(c, func(id string, p *project) response {
		dbt, _ := p.data["dbtConnection"].(map[string]any)
		wh, _ := p.data["warehouseConnection"].(map[string]any)
		j := s.newJob(&id, []string{stepCompiling})
		// PS.refreshTablesAndProjectConfig: a dbt "none" project has nothing to
		// compile (DbtNoneCredentialsProjectAdapter.compileAllExplores throws),
		// unless it is a preview, which reuses its upstream's explores.
		var explores []map[string]any
		switch upstream := stringOf(p.data["upstreamProjectUuid"]); {
		case dbt["type"] == "none" && upstream == "":
			j.failure = &compileFailure{stepCompiling, noneCompileError}
		case dbt["type"] == "none":
			if up := s.projects[upstream]; up != nil {
				explores = slices.Clone(up.explores)
			}
			if explores == nil {
				explores = []map[string]any{}
			}
		default:
			explores, j.failure = compileExplores(dbt, wh, true)
		}
		if j.failure == nil {
			if explores != nil {
				p.explores = explores
			}
			j.results = map[string]any{"indexCatalogJobUuid": s.nextIndexJob()}
		}
		return ok(map[string]any{"jobUuid": j.uuid})
	})
}

// listExplores is GET /api/v1/projects/{projectUuid}/explores: the summaries
// of the explores the last successful compile cached, [] before any.
func (s *Server) listExplores(c *call) response {
	return s.withProject(c, func(id string, p *project) response {
		out := make([]any, len(p.explores))
		for i, e := range p.explores {
			out[i] = deepCopyMap(e)
		}
		return ok(out)
	})
}

const noneCompileError = "Cannot compile explores as this project was created via CLI and has no dbt connection configured. " +
	"Either configure a dbt connection in project settings or use the CLI to deploy explores."

// Project returns the stored project, connections with secrets included.
func (s *Server) Project(uuid string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, found := s.projects[uuid]
	if !found {
		return nil, false
	}
	return deepCopyMap(p.data), true
}

// ProjectUUIDs lists stored project uuids, oldest first.
func (s *Server) ProjectUUIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := make([]*project, 0, len(s.projects))
	for _, p := range s.projects {
		all = append(all, p)
	}
	slices.SortFunc(all, func(a, b *project) int { return a.seq - b.seq })
	ids := make([]string, len(all))
	for i, p := range all {
		ids[i] = p.data["projectUuid"].(string)
	}
	return ids
}

// UpdateProjectOutOfBand changes a stored project as if someone else had.
func (s *Server) UpdateProjectOutOfBand(uuid string, mutate func(p map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, found := s.projects[uuid]; found {
		mutate(p.data)
	}
}

// DeleteProjectOutOfBand removes a project as if someone else had.
func (s *Server) DeleteProjectOutOfBand(uuid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeProject(uuid)
}

// removeProject deletes a project with its spaces and roles (ON DELETE
// CASCADE); the caller holds s.mu.
func (s *Server) removeProject(id string) {
	delete(s.projects, id)
	delete(s.projectRoles, id)
	s.removeProjectSpaces(id)
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}
