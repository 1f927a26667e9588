//! More wordings for the genre reader (`lora --task reader --more-wordings`):
//! indirect phrases ("lots of sword fighting") written on 2026-12-04
//! (session 27) by a helper agent told not to read the repository (14 per
//! genre and 20 asking for none), less those equal to an evaluation request
//! or wording, sharing a content word with an evaluation paraphrase or a
//! reader development wording, in an evaluation frame's shape ("from the
//! eighties"), or already a training wording (86 dropped; the test below
//! checks what is left). The shipped reader's wordings are ~9 a genre, most
//! of them the genre's name in a few forms: a reader that has seen more
//! ways of describing a genre can be surer of a paraphrase it never saw.

/// Phrases per MovieLens genre name.
pub const MORE_WORDINGS: &[(&str, &[&str])] = &[
    ("Action", &["lots of explosions", "car chases and shootouts", "a one man army taking down villains", "big stunts and gunfights", "muscle bound heroes blowing stuff up", "kung fu showdowns", "high octane chase scenes", "bullets flying everywhere", "an ex commando on a rampage", "big dumb explosions and one liners", "adrenaline pumping stunt work", "a ton of fight scenes", "shoot em up mayhem"]),
    ("Adventure", &["a treasure hunt in the jungle", "swashbuckling pirates on the high seas", "a daring expedition to uncharted lands", "trekking across deserts and mountains", "an archaeologist dodging booby traps", "a journey into the unknown wilderness", "hunting for buried gold", "rope bridges and hidden temples", "a voyage to the ends of earth", "crossing raging rivers on a raft"]),
    ("Animation", &["stop motion clay figures", "pixar style computer graphics", "no live actors just drawings", "puppets moved one frame at a time", "sketched and painted by artists"]),
    ("Children's", &["something my five year old can watch", "suitable for toddlers", "something for a preschooler's birthday party", "wholesome stuff for grade schoolers", "rated g for my nephew", "for a sleepover of eight year olds", "nothing too grown up for my daughter", "for tiny tots", "something a kindergartner would enjoy"]),
    ("Comedy", &["something to make me laugh", "pratfalls and slapstick", "a laugh out loud riot", "a bunch of goofballs messing up", "something that'll crack me up", "spoofs and parodies"]),
    ("Crime", &["mafia families settling scores", "a big bank heist", "drug lords and dirty cops", "the rise and fall of a gangster", "hitmen and mob bosses", "cops chasing a drug cartel", "a gang of robbers planning a score", "life in the mob", "a con artist pulling a big sting", "street gangs and organized rackets", "the italian mob in new york", "a crooked cop on the take"]),
    ("Documentary", &["real events with real people", "wildlife narrated by david attenborough", "something educational about real life", "behind the scenes of a real band", "nonfiction about history", "an investigative expose on big pharma", "an unscripted look at factory farming", "like a pbs special", "a deep dive into a real scandal"]),
    ("Drama", &["a family slowly falling apart", "a tearjerker about losing a parent", "oscar bait with great acting", "a character study of a troubled man", "powerful performances and heavy themes", "coming to terms with grief", "a somber look at addiction", "a father and son reconciling", "something weighty and thought provoking", "a struggling small town in decline", "a gut wrenching look at poverty"]),
    ("Fantasy", &["wizards and dragons", "elves dwarves and magic swords", "enchanted kingdoms and fairies", "magic and mythical creatures", "a boy wizard at a magic school", "sword and sorcery", "a chosen one wielding ancient magic", "goblins trolls and ogres"]),
    ("Film-Noir", &["a doomed sap and a deadly blonde", "black and white with moody voiceover narration", "bogart as a world weary private eye", "a classic 1940s double cross", "shadows and smoke in 1940s los angeles", "a fatal dame in black and white", "a hard drinking forties private investigator", "bleak cynical tales from 1940s hollywood", "low key lighting and double crosses"]),
    ("Horror", &["sleeping with the lights on afterwards", "slashers and chainsaws", "a haunted house full of ghosts", "zombies eating brains", "demonic possession and exorcisms", "a masked killer stalking teens at camp", "something that gives me nightmares", "creepy dolls and jump scares", "a cursed videotape that kills you", "a demon lurking in the basement", "a cabin in the woods massacre", "a creepy clown in the sewers"]),
    ("Musical", &["people bursting into song", "a broadway show on screen", "show tunes and big dance numbers", "characters who sing their feelings", "catchy songs and choreography", "fred astaire and ginger rogers", "a stage show adapted with all the songs", "big production numbers with chorus lines", "something i can sing along to", "a rock opera", "showstopping song and dance routines", "dialogue that is mostly sung"]),
    ("Mystery", &["figuring out who the killer is", "clues and red herrings", "sherlock holmes solving a case", "a murder at a country manor", "guessing the culprit until the end", "an amateur sleuth cracking a case", "unraveling a puzzling disappearance", "a poirot type investigation", "a baffling case with a twist reveal", "tracking down who stole the jewels"]),
    ("Romance", &["a couple who meet cute", "swoon worthy kisses", "star crossed lovers", "lovers separated by fate", "a whirlwind courtship ending in a wedding", "a nicholas sparks style tearjerker", "boy meets girl", "a heartthrob sweeping her off her feet"]),
    ("Sci-Fi", &["spaceships and aliens", "time travel and paradoxes", "robots taking over the world", "a crew exploring a distant planet", "futuristic cities and androids", "laser blasters and warp drives", "a dystopian future ruled by machines", "artificial intelligence gone rogue", "first contact with extraterrestrials", "colonizing mars", "teleportation and cloning experiments"]),
    ("Thriller", &["edge of your seat tension", "a deadly cat and mouse game", "racing the clock to stop a bomb", "nail biting twists", "a psychological game with a twist ending", "hunted and nobody believes her", "a framed man on the run", "hitchcock style tension", "an obsessive stalker next door", "a rogue spy hunted by his agency", "paranoid conspiracies and double agents", "a wife who fears her husband"]),
    ("War", &["soldiers storming the beaches of normandy", "trenches and no man's land", "a platoon in the jungles of vietnam", "tanks artillery and infantry", "fighter pilots in dogfights over europe", "a band of brothers behind enemy lines", "soldiers on the front lines", "the battle of stalingrad", "gis fighting the nazis", "brutal combat on the eastern front", "a bomber crew on a raid", "pearl harbor and the pacific campaign"]),
    ("Western", &["cowboys and outlaws", "gunslingers in a dusty frontier town", "cattle drives across the prairie", "spurs stetsons and six shooters", "train robbers in 1880s texas", "a sheriff facing down desperados", "tumbleweeds and shootouts", "homesteaders fighting cattle barons", "bounty hunters and wanted posters"]),
];

/// Phrases asking for no genre.
pub const MORE_NO_GENRE: &[&str] = &["something short", "something to watch tonight", "a long one for a lazy sunday", "something i haven't seen before", "something with good reviews", "something to watch with my roommate", "a new release", "something around two hours"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::query::{GENRE_WORDS, READER_DEV_WORDINGS};
    use crate::eval::request_frames::{every_held_out_request, has_decade_frame};
    use crate::models::lora::requests::TRAIN_WORDINGS;
    use dualrec::pipeline::request::{is_stop, words};

    /// Held out as the shipped wordings are, and from every evaluation set:
    /// no phrase is an evaluation request or wording, shares a content word
    /// with a paraphrase or a development wording, or has a decade frame.
    #[test]
    fn more_wordings_are_held_out() {
        let content = |t: &str| words(t).into_iter().filter(|w| !is_stop(w)).collect::<Vec<_>>();
        let norm = |t: &str| words(&t.replace("{t}", " qqtitle ")).join(" ");
        let paraphrase: Vec<String> = GENRE_WORDS.iter().flat_map(|g| content(g.1[2])).collect();
        let dev: Vec<String> = READER_DEV_WORDINGS.iter().flat_map(|w| content(w.0)).collect();
        let mut held: Vec<String> = GENRE_WORDS.iter().flat_map(|g| g.1.iter().map(|w| norm(w))).collect();
        held.extend(every_held_out_request().into_iter().map(norm));
        let shipped: Vec<String> = TRAIN_WORDINGS.iter().flat_map(|w| w.1.iter().map(|x| norm(x))).collect();
        let genres: Vec<&str> = TRAIN_WORDINGS.iter().map(|w| w.0).collect();
        let mut bad = Vec::new();
        let all = MORE_WORDINGS.iter().flat_map(|(g, ws)| ws.iter().map(move |w| (Some(*g), *w))).chain(MORE_NO_GENRE.iter().map(|w| (None, *w)));
        for (g, w) in all {
            let (n, c) = (norm(w), content(w));
            if held.contains(&n) || shipped.contains(&n) {
                bad.push(format!("{w:?} is an evaluation or shipped wording"));
            }
            if let Some(x) = c.iter().find(|x| paraphrase.contains(x) || dev.contains(x)) {
                bad.push(format!("{w:?} shares {x:?} with a paraphrase or a development wording"));
            }
            if has_decade_frame(&n) {
                bad.push(format!("{w:?} has a decade frame"));
            }
            assert!(g.is_none_or(|g| genres.contains(&g)), "{g:?}");
        }
        assert!(bad.is_empty(), "{bad:#?}");
        assert!(MORE_WORDINGS.iter().all(|w| w.1.len() >= 5) && MORE_WORDINGS.len() == 18 && MORE_NO_GENRE.len() >= 5);
    }
}
