//! The plugin's configuration, read from the rule.

use serde_json::Value;
use trawl_plugin::config_strings;

use crate::agencies::{host_matches, Agencies};

/// What the rule asked for: the agencies to recognise and the hosts to look at.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The built-in agencies plus those of `config.agencies`.
    pub agencies: Agencies,
    /// `config.hosts`: when set, only records on these hosts (or their subdomains) are looked at.
    pub hosts: Option<Vec<String>>,
}

impl Config {
    /// Reads the configuration; `null` means the defaults.
    ///
    /// `{"agencies": {"Canonical Name": ["alias", ...]}}` adds agencies (or names for a known
    /// one); instead of the list, `{"aliases": [...], "hosts": [...]}` also gives the agency's
    /// own sites. `{"hosts": ["yahoo.com", ...]}` restricts the plugin to those hosts.
    pub fn parse(config: &Value) -> Result<Config, String> {
        let mut parsed = Config::default();
        let object = match config {
            Value::Null => return Ok(parsed),
            Value::Object(object) => object,
            _ => {
                return Err(
                    "the config must be an object like {\"agencies\": {...}, \"hosts\": [...]}"
                        .into(),
                )
            }
        };
        for (key, value) in object {
            match key.as_str() {
                "agencies" => add_agencies(&mut parsed.agencies, value)?,
                "hosts" => parsed.hosts = Some(strings(value, "config.hosts")?),
                _ => {
                    return Err(format!(
                        "unknown config key `{key}`; expected `agencies` or `hosts`"
                    ))
                }
            }
        }
        Ok(parsed)
    }

    /// Whether a record on `host` is to be looked at.
    pub fn allows(&self, host: Option<&str>) -> bool {
        match (&self.hosts, host) {
            (None, _) => true,
            (Some(hosts), Some(host)) => hosts.iter().any(|suffix| host_matches(host, suffix)),
            (Some(_), None) => false,
        }
    }
}

/// Adds the agencies of `config.agencies`.
fn add_agencies(agencies: &mut Agencies, value: &Value) -> Result<(), String> {
    let object = value
        .as_object()
        .ok_or("config.agencies must be an object mapping a canonical name to a list of aliases")?;
    for (name, spec) in object {
        if name.trim().is_empty() {
            return Err("config.agencies has an empty agency name".into());
        }
        let what = format!("config.agencies.{name}");
        let (aliases, hosts) = match spec {
            Value::Array(_) => (strings(spec, &what)?, Vec::new()),
            Value::Object(fields) => {
                if let Some(key) = fields.keys().find(|k| *k != "aliases" && *k != "hosts") {
                    return Err(format!(
                        "unknown key `{key}` in {what}; expected `aliases` or `hosts`"
                    ));
                }
                let list = |key: &str| match fields.get(key) {
                    Some(value) => strings(value, &format!("{what}.{key}")),
                    None => Ok(Vec::new()),
                };
                (list("aliases")?, list("hosts")?)
            }
            _ => {
                return Err(format!(
                    "{what} must be a list of aliases or {{\"aliases\": [...], \"hosts\": [...]}}"
                ))
            }
        };
        agencies.add(name, &aliases, &hosts);
    }
    Ok(())
}

/// A list of non-empty strings, trimmed.
fn strings(value: &Value, what: &str) -> Result<Vec<String>, String> {
    let list = config_strings(value, what)?;
    Ok(list
        .into_iter()
        .map(|text| text.trim().to_owned())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error(config: Value) -> String {
        Config::parse(&config).unwrap_err()
    }

    #[test]
    fn defaults_without_config() {
        let config = Config::parse(&Value::Null).unwrap();
        assert!(config.hosts.is_none());
        assert!(config.allows(Some("example.com")));
        assert!(config.agencies.find("Reuters").is_some());
    }

    #[test]
    fn agencies_in_both_forms() {
        let config = Config::parse(&json!({"agencies": {
            "ANSA": ["Agenzia ANSA"],
            "Yonhap": {"aliases": ["Yonhap News Agency"], "hosts": ["yna.co.kr"]},
        }}))
        .unwrap();
        assert_eq!(config.agencies.find("agenzia ansa").unwrap().name, "ANSA");
        let yonhap = config.agencies.find("Yonhap News Agency").unwrap();
        assert!(yonhap.owns("en.yna.co.kr"));
    }

    #[test]
    fn hosts_restrict() {
        let config = Config::parse(&json!({"hosts": ["yahoo.com", "msn.com"]})).unwrap();
        assert!(config.allows(Some("news.yahoo.com")));
        assert!(!config.allows(Some("example.com")));
        assert!(!config.allows(None));
    }

    #[test]
    fn bad_configs_say_what_is_wrong() {
        assert!(error(json!("Reuters")).contains("must be an object"));
        assert!(error(json!({"agency": {}})).contains("unknown config key `agency`"));
        assert!(error(json!({"agencies": ["ANSA"]})).contains("config.agencies must be an object"));
        assert_eq!(
            error(json!({"agencies": {"ANSA": "Agenzia ANSA"}})),
            "config.agencies.ANSA must be a list of aliases or {\"aliases\": [...], \"hosts\": [...]}"
        );
        assert_eq!(
            error(json!({"agencies": {"ANSA": [""]}})),
            "config.agencies.ANSA[0] must be a non-empty string"
        );
        assert!(error(json!({"agencies": {"X": {"alias": []}}})).contains("unknown key `alias`"));
        assert_eq!(
            error(json!({"hosts": "yahoo.com"})),
            "config.hosts must be a list of strings"
        );
        assert_eq!(
            error(json!({"hosts": ["msn.com", 3]})),
            "config.hosts[1] must be a non-empty string"
        );
    }
}
