package fakelightdash

import (
	"slices"
	"time"
)

// User warehouse credentials (§6). A stored record is
// {uuid, userUuid, name, credentials (whole, secrets included), createdAt, updatedAt, project}.

func (s *Server) listCredentials(*call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := make([]any, 0, len(s.credOrder))
	for _, id := range s.credOrder {
		items = append(items, publicCredentials(s.credentials[id]))
	}
	return ok(items)
}

// checkCredentials runs tsoa validation and UWCM.validateCredentialsForPersistence.
func checkCredentials(body any) (response, bool) {
	if errs := validateBody(upsertUserCredentialsSchema, body); len(errs) > 0 {
		return validateError(errs), false
	}
	creds := body.(map[string]any)["credentials"].(map[string]any)
	switch creds["type"] {
	case "bigquery":
		keyfile, _ := creds["keyfileContents"].(map[string]any)
		if isFalsy(keyfile["refresh_token"]) {
			return paramError("BigQuery credentials require a valid keyfile. Please reauthenticate with Google."), false
		}
	case "redshift":
		if auth := creds["authenticationType"]; auth == "iam" || auth == "iam_browser" {
			hasKeys := !isFalsy(creds["accessKeyId"]) && !isFalsy(creds["secretAccessKey"])
			if isFalsy(creds["assumeRoleArn"]) && !hasKeys {
				return paramError("Redshift IAM credentials require an assumeRoleArn or both accessKeyId and secretAccessKey"), false
			}
		}
	}
	return response{}, true
}

func (s *Server) createCredentials(c *call) response {
	if resp, valid := checkCredentials(c.json); !valid {
		return resp
	}
	body := c.json.(map[string]any)
	now := timestamp(time.Now())
	rec := map[string]any{
		"uuid": newUUID(), "userUuid": s.userUUID, "name": body["name"],
		"credentials": deepCopyValue(body["credentials"]),
		"createdAt":   now, "updatedAt": now, "project": nil,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := rec["uuid"].(string)
	s.credentials[id] = rec
	s.credOrder = append(s.credOrder, id)
	return ok(publicCredentials(rec))
}

// updateCredentials is a full replacement; an unknown uuid makes the model's
// update return nothing, which the service reports as a 500.
func (s *Server) updateCredentials(c *call) response {
	if resp, valid := checkCredentials(c.json); !valid {
		return resp
	}
	body := c.json.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, found := s.credentials[c.params["uuid"]]
	if !found {
		return unexpected("Could not save credentials.")
	}
	rec["name"] = body["name"]
	rec["credentials"] = deepCopyValue(body["credentials"])
	rec["updatedAt"] = timestamp(time.Now())
	return ok(publicCredentials(rec))
}

func (s *Server) deleteCredentials(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeCredentials(c.params["uuid"])
	return okEmpty()
}

// removeCredentials deletes a record; the caller holds s.mu.
func (s *Server) removeCredentials(id string) {
	delete(s.credentials, id)
	s.credOrder = slices.DeleteFunc(s.credOrder, func(x string) bool { return x == id })
}

// publicCredentials is UWCM.convertToUserWarehouseCredentials: credentials
// are projected, not stripped.
func publicCredentials(rec map[string]any) map[string]any {
	out := deepCopyMap(rec)
	stored, _ := rec["credentials"].(map[string]any)
	projected := map[string]any{"type": stored["type"]}
	switch stored["type"] {
	case "postgres", "trino", "snowflake", "clickhouse":
		projected["user"] = stored["user"]
	case "redshift":
		projected["user"] = stored["user"]
		if auth, has := stored["authenticationType"]; has && auth != nil {
			projected["authenticationType"] = auth
			if arn, has := stored["assumeRoleArn"]; has {
				projected["assumeRoleArn"] = arn
			}
		}
	}
	out["credentials"] = projected
	return out
}

// Credentials returns a stored record, credentials with secrets included.
func (s *Server) Credentials(uuid string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, found := s.credentials[uuid]
	if !found {
		return nil, false
	}
	return deepCopyMap(rec), true
}

// CredentialUUIDs lists stored credential uuids, oldest first.
func (s *Server) CredentialUUIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.credOrder)
}

// UpdateCredentialsOutOfBand changes a stored record as if someone else had.
func (s *Server) UpdateCredentialsOutOfBand(uuid string, mutate func(c map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec, found := s.credentials[uuid]; found {
		mutate(rec)
	}
}

// DeleteCredentialsOutOfBand removes a record as if someone else had.
func (s *Server) DeleteCredentialsOutOfBand(uuid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeCredentials(uuid)
}
